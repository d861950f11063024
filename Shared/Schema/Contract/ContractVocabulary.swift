/// A closed vocabulary of the contract: a string enum whose raw values are the wire
/// strings. Conforming lets `ContractSchemas` list its values as a JSON Schema `enum`
/// (and recognise the vocabulary an inbound text field is checked against).
public protocol ContractVocabulary: CaseIterable, RawRepresentable, Decodable, Sendable where RawValue == String {}

extension ContractVocabulary {
    /// Every wire value, in declaration order.
    public static var contractValues: [String] { allCases.map(\.rawValue) }
    /// Some value of the vocabulary (the first), for schema inference.
    static var contractSample: Self { allCases.first! }
}

extension Channel: ContractVocabulary {}
extension RequestKind: ContractVocabulary {}
extension ProductCategory: ContractVocabulary {}
extension WarrantyStatus: ContractVocabulary {}
extension FaultCategory: ContractVocabulary {}
extension Priority: ContractVocabulary {}
extension AlertSeverity: ContractVocabulary {}
extension ComplaintSeverity: ContractVocabulary {}
extension UnassignableReason: ContractVocabulary {}
extension VisitFailureReason: ContractVocabulary {}
extension HoldReason: ContractVocabulary {}
extension VisitRequester: ContractVocabulary {}
extension InvoiceLineKind: ContractVocabulary {}
extension PaymentMethod: ContractVocabulary {}
extension CompensationKind: ContractVocabulary {}
extension SettlementLineStatus: ContractVocabulary {}

/// Every vocabulary of the contract (Vocabulary.swift, FieldFlowVocabulary.swift,
/// MoneyVocabulary.swift); a test checks each enum a payload uses conforms.
public enum ContractVocabularies {
    public static let all: [any ContractVocabulary.Type] = [
        Channel.self, RequestKind.self, ProductCategory.self, WarrantyStatus.self, FaultCategory.self, Priority.self,
        AlertSeverity.self, ComplaintSeverity.self, UnassignableReason.self, VisitFailureReason.self, HoldReason.self,
        VisitRequester.self, InvoiceLineKind.self, PaymentMethod.self, CompensationKind.self, SettlementLineStatus.self,
    ]

    /// The values of every vocabulary, as sets (to recognise the one a text field is checked against).
    static var valueSets: [[String]] { all.map { $0.contractValues } }
}
