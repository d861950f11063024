import Schema

/// A `request.submitted` whose every field passed `RequestValidator`, typed and normalised.
/// Holds the customer's PII (name, phone, address): it goes to the customer store only.
public struct ValidatedRequest: Sendable, Equatable {
    /// The customer part of a request.
    public struct Customer: Sendable, Equatable {
        public var id: String
        public var name: String
        public var phone: PhoneNumber
        public var address: String
        public var region: String
        public var location: GeoPoint
    }

    /// The product part of a request.
    public struct Product: Sendable, Equatable {
        public var sku: String
        public var category: ProductCategory
        public var model: String
        public var serialNumber: String?
        public var purchaseDate: CalendarDay
    }

    public var requestId: String
    public var channel: Channel
    public var kind: RequestKind
    public var customer: Customer
    public var product: Product
    public var description: String
    public var preferredTime: String?
}
