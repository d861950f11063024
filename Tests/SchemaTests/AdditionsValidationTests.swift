import Foundation
import Schema
import XCTest

/// The December 2026 additions: vocabularies, optional fields and bounds of the new types.
final class AdditionsValidationTests: XCTestCase {
    private func codes(_ type: EventType, _ edit: (inout JSONValue) -> Void) -> [String] {
        Validation.codes(type, edit: edit)
    }

    // MARK: Vocabularies

    func testEveryNewInboundVocabularyValueIsAcceptedAndOthersRefused() {
        for reason in VisitFailureReason.allCases {
            XCTAssertEqual(codes(.visitFailed) { $0 = $0.setting(["reason"], to: .string(reason.rawValue)) }, [])
        }
        XCTAssertEqual(codes(.visitFailed) { $0 = $0.setting(["reason"], to: "dog-bit-me") }, ["reason: unknown-value"])
        for method in PaymentMethod.allCases {
            XCTAssertEqual(codes(.paymentRecorded) { $0 = $0.setting(["method"], to: .string(method.rawValue)) }, [])
        }
        XCTAssertEqual(codes(.paymentRecorded) { $0 = $0.setting(["method"], to: "bitcoin") }, ["method: unknown-value"])
        for requester in VisitRequester.allCases {
            XCTAssertEqual(codes(.visitScheduled) { $0 = $0.setting(["requestedBy"], to: .string(requester.rawValue)) }, [])
        }
        XCTAssertEqual(codes(.visitScheduled) { $0 = $0.setting(["requestedBy"], to: "dispatcher") }, ["requestedBy: unknown-value"])
        XCTAssertEqual(codes(.visitScheduled) { $0 = $0.removing("requestedBy") }, [])
    }

    func testNewPlatformVocabulariesAreTyped() {
        XCTAssertEqual(codes(.ticketOnHold) { $0 = $0.setting(["reason"], to: "lunch") }, ["reason: invalid-format"])
        XCTAssertEqual(codes(.ticketVisitFailed) { $0 = $0.setting(["reason"], to: "rain") }, ["reason: invalid-format"])
        XCTAssertEqual(codes(.ticketInvoiced) { $0 = $0.setting(["lines"], to: [["kind": "tip", "quantity": 1, "unitPrice": 1, "amount": 1]]) },
                       ["lines[0].kind: invalid-format"])
        XCTAssertEqual(codes(.compensationGranted) { $0 = $0.setting(["kind"], to: "cash") }, ["kind: invalid-format"])
        XCTAssertEqual(codes(.settlementStatement) { $0 = $0.setting(["lines"], to: [["ticketId": "T", "amount": 0, "status": "maybe"]]) },
                       ["lines[0].status: invalid-format"])
        for reason in HoldReason.allCases {
            XCTAssertEqual(codes(.ticketOnHold) { $0 = $0.setting(["reason"], to: .string(reason.rawValue)) }, [])
        }
        for kind in InvoiceLineKind.allCases {
            XCTAssertEqual(codes(.ticketInvoiced) { $0 = $0.setting(["lines"], to: [["kind": .string(kind.rawValue), "quantity": 1, "unitPrice": 1, "amount": 1]]) }, [])
        }
    }

    func testFailedVisitReasonsMapToHoldReasons() {
        XCTAssertEqual(VisitFailureReason.customerAbsent.holdReason, .customerUnreachable)
        for reason in [VisitFailureReason.noAccess, .wrongAddress, .unsafeSite] {
            XCTAssertEqual(reason.holdReason, .customerRequested)
        }
    }

    func testTypedAccessorsOfInboundText() throws {
        let failed = try Envelope.decode(Data(Samples.envelopeText(.visitFailed).utf8)).payload(as: VisitFailed.self)
        XCTAssertEqual(failed.reasonValue, .customerAbsent)
        XCTAssertEqual(VisitFailed(ticketId: "T", technicianId: "X", reason: .unsafeSite).reason, "unsafe-site")
        let payment = try Envelope.decode(Data(Samples.envelopeText(.paymentRecorded).utf8)).payload(as: PaymentRecorded.self)
        XCTAssertEqual(payment.methodValue, .wechatPay)
        let visit = try Envelope.decode(Data(Samples.envelopeText(.visitScheduled).utf8)).payload(as: VisitScheduled.self)
        XCTAssertEqual(visit.requestedByValue, .customer)
    }

    // MARK: Required fields and ids

    func testNewInboundEventsNeedTheirIdsAndText() {
        XCTAssertEqual(codes(.visitFailed) { $0 = $0.setting(["technicianId"], to: "") }, ["technicianId: required"])
        XCTAssertEqual(codes(.assignmentReturned) { $0 = $0.setting(["reason"], to: " ") }, ["reason: required"])
        XCTAssertEqual(codes(.remoteResolved) { $0 = $0.setting(["agentId"], to: "") }, ["agentId: required"])
        XCTAssertEqual(codes(.remoteResolved) { $0 = $0.removing("resolution") }, ["resolution: required"])
        XCTAssertEqual(codes(.remoteFailed) { $0 = $0.setting(["reason"], to: "") }, ["reason: required"])
        XCTAssertEqual(codes(.auditRecorded) { $0 = $0.removing("findings") }, ["findings: required"])
        XCTAssertEqual(codes(.auditRecorded) { $0 = $0.setting(["findings"], to: []) }, [])
        XCTAssertEqual(codes(.auditRecorded) { $0 = $0.setting(["findings"], to: [["code": "", "severity": "minor"]]) },
                       ["findings[0].code: required"])
        XCTAssertEqual(codes(.providerUpserted) { $0 = $0.setting(["regions"], to: ["shanghai", ""]) }, ["regions[1]: required"])
        XCTAssertEqual(codes(.providerUpserted) { $0 = $0.removing("rates") }, [])
        XCTAssertEqual(codes(.providerUpserted) { $0 = $0.setting(["rates", "currency"], to: "yuan") }, ["rates.currency: invalid-format"])
    }

    // MARK: Money

    func testAmountsAreBoundedAndRoundedToCents() {
        XCTAssertEqual(codes(.paymentRecorded) { $0 = $0.setting(["amount"], to: -1) }, ["amount: out-of-range"])
        XCTAssertEqual(codes(.paymentRecorded) { $0 = $0.setting(["amount"], to: 10_000_000.01) }, ["amount: out-of-range"])
        XCTAssertEqual(codes(.paymentRecorded) { $0 = $0.setting(["amount"], to: 10_000_000) }, [])
        XCTAssertEqual(codes(.paymentRecorded) { $0 = $0.setting(["amount"], to: 12.345) }, ["amount: invalid-format"])
        XCTAssertEqual(codes(.paymentRecorded) { $0 = $0.setting(["amount"], to: "Infinity") }, ["amount: out-of-range"])
        XCTAssertEqual(codes(.paymentRecorded) { $0 = $0.setting(["currency"], to: "CN") }, ["currency: invalid-format"])
        XCTAssertEqual(codes(.ticketPaid) { $0 = $0.setting(["amount"], to: 0.1) }, [])
        XCTAssertEqual(codes(.ticketInvoiced) { $0 = $0.setting(["total"], to: 1e9) }, ["total: out-of-range"])
        let line: JSONValue = ["kind": "part", "partNumber": "P", "quantity": 100_001, "unitPrice": 1e8, "amount": -1]
        XCTAssertEqual(codes(.ticketInvoiced) { $0 = $0.setting(["lines"], to: [line]) },
                       ["lines[0].quantity: out-of-range", "lines[0].unitPrice: out-of-range", "lines[0].amount: out-of-range"])
        let many = JSONValue.array(Array(repeating: ["kind": "labour", "quantity": 1, "unitPrice": 1, "amount": 1], count: 101))
        XCTAssertEqual(codes(.ticketInvoiced) { $0 = $0.setting(["lines"], to: many) }, ["lines: too-long"])
    }

    func testCompensationOptionalFields() {
        XCTAssertEqual(codes(.compensationGranted) { $0 = $0.removing("amount").removing("currency") }, [])
        XCTAssertEqual(codes(.compensationGranted) { $0 = $0.setting(["kind"], to: "extended-warranty").setting(["months"], to: 6) }, [])
        XCTAssertEqual(codes(.compensationGranted) { $0 = $0.setting(["months"], to: 0) }, ["months: out-of-range"])
        XCTAssertEqual(codes(.compensationGranted) { $0 = $0.setting(["months"], to: 121) }, ["months: out-of-range"])
        XCTAssertEqual(codes(.compensationGranted) { $0 = $0.setting(["customerId"], to: "") }, ["customerId: required"])
    }

    // MARK: Holds and visits

    func testHeldSecondsAndVisitNumbersAreBounded() {
        XCTAssertEqual(codes(.ticketResumed) { $0 = $0.setting(["heldSeconds"], to: -1) }, ["heldSeconds: out-of-range"])
        XCTAssertEqual(codes(.ticketResumed) { $0 = $0.setting(["heldSeconds"], to: 315_360_001) }, ["heldSeconds: out-of-range"])
        XCTAssertEqual(codes(.ticketResumed) { $0 = $0.setting(["heldSeconds"], to: 0) }, [])
        XCTAssertEqual(codes(.ticketResumed) { $0 = $0.setting(["heldSeconds"], to: 1.5) }, ["heldSeconds: invalid-type"])
        XCTAssertEqual(codes(.ticketVisitFailed) { $0 = $0.setting(["visit"], to: 0) }, ["visit: out-of-range"])
        XCTAssertEqual(codes(.ticketScheduled) { $0 = $0.setting(["visit"], to: 1_001) }, ["visit: out-of-range"])
        XCTAssertEqual(codes(.ticketOnSite) { $0 = $0.removing("visit") }, [])
        XCTAssertEqual(codes(.ticketCompleted) { $0 = $0.setting(["visit"], to: -3) }, ["visit: out-of-range"])
        XCTAssertEqual(codes(.ticketOnHold) { $0 = $0.setting(["since"], to: "soon") }, ["since: invalid-format"])
    }

    func testRemoteCompletionHasNoTechnician() throws {
        for data in [
            #"{"ticketId": "TK-1", "resolved": true, "firstTimeFix": true, "partsUsed": [], "resolvedRemotely": true}"#,
            #"{"ticketId": "TK-1", "technicianId": null, "resolved": true, "firstTimeFix": true, "partsUsed": []}"#,
        ] {
            let envelope = try Envelope.decode(Data(Samples.envelopeText(.ticketCompleted, data: data).utf8))
            let done = try envelope.payload(as: TicketCompleted.self)
            XCTAssertNil(done.technicianId)
            XCTAssertNil(done.visit)
        }
        let remote = TicketCompleted(ticketId: "TK-1", technicianId: nil, resolved: true, firstTimeFix: true, partsUsed: [],
                                     resolvedRemotely: true)
        XCTAssertNil(JSONValueCoder.encode(remote)["technicianId"], "absent on the wire, not an empty string")
        XCTAssertEqual(codes(.ticketCompleted) { $0 = $0.setting(["technicianId"], to: "") }, ["technicianId: required"])
    }

    // MARK: Optional fields of existing types

    func testCertificationsAndProvider() throws {
        XCTAssertEqual(codes(.technicianUpserted) { $0 = $0.setting(["certifications"], to: [["type": "gas", "expiresOn": "2027-02-30"]]) },
                       ["certifications[0].expiresOn: invalid-format"])
        XCTAssertEqual(codes(.technicianUpserted) { $0 = $0.setting(["certifications"], to: [["type": "", "expiresOn": "2027-02-28"]]) },
                       ["certifications[0].type: required"])
        XCTAssertEqual(codes(.technicianUpserted) { $0 = $0.removing("certifications").removing("providerId") }, [])
        XCTAssertEqual(codes(.technicianUpserted) { $0 = $0.setting(["providerId"], to: "") }, ["providerId: required"])
        let certificate = TechnicianUpserted.Certification(type: "gas", expiresOn: "2026-12-31")
        XCTAssertTrue(certificate.isValid(onDay: "2026-12-31"), "valid through its expiresOn day")
        XCTAssertFalse(certificate.isValid(onDay: "2027-01-01"))
        XCTAssertFalse(certificate.isValid(onDay: "tomorrow"))
    }

    func testEvidenceIsLenientAndBounded() throws {
        let data = #"{"ticketId": "TK-1", "technicianId": "T", "resolved": true, "partsUsed": [{"partNumber": "P", "quantity": 1}], "evidence": {}}"#
        let work = try Envelope.decode(Data(Samples.envelopeText(.workCompleted, data: data).utf8)).payload(as: WorkCompleted.self)
        XCTAssertEqual(work.evidence, WorkCompleted.Evidence())
        XCTAssertFalse(work.evidence!.isSettleable(partsUsed: work.partsUsed))
        let sample = try Envelope.decode(Data(Samples.envelopeText(.workCompleted).utf8)).payload(as: WorkCompleted.self)
        XCTAssertTrue(sample.evidence!.isSettleable(partsUsed: sample.partsUsed))
        var noSerials = sample.evidence!
        noSerials.newPartSerials = []
        XCTAssertFalse(noSerials.isSettleable(partsUsed: sample.partsUsed))
        XCTAssertTrue(noSerials.isSettleable(partsUsed: []), "no parts used: the signature is enough")
        let photos = JSONValue.array(Array(repeating: "https://x/1.jpg", count: 101))
        XCTAssertEqual(codes(.workCompleted) { $0 = $0.setting(["evidence", "photos"], to: photos) }, ["evidence.photos: too-long"])
        XCTAssertEqual(codes(.workCompleted) { $0 = $0.setting(["evidence", "signature", "signedAt"], to: "later") },
                       ["evidence.signature.signedAt: invalid-format"])
    }

    func testRemoteGuidanceAndDimension() {
        XCTAssertEqual(codes(.ticketOpened) { $0 = $0.setting(["remoteGuidance", "playbookId"], to: "") }, ["remoteGuidance.playbookId: required"])
        let steps = JSONValue.array(Array(repeating: "step", count: 101))
        XCTAssertEqual(codes(.ticketOpened) { $0 = $0.setting(["remoteGuidance", "steps"], to: steps) }, ["remoteGuidance.steps: too-long"])
        XCTAssertEqual(codes(.ticketOpened) { $0 = $0.removing("remoteGuidance") }, [])
        XCTAssertEqual(codes(.kpiSnapshot) { $0 = $0.setting(["dimension"], to: ["region": "north"]) }, [])
        XCTAssertEqual(codes(.kpiSnapshot) { $0 = $0.setting(["dimension"], to: ["providerId": ""]) }, ["dimension.providerId: required"])
    }

    func testSettlementStatementChecks() {
        for bad in ["2026-13", "2026-1", "26-11", "2026/11", "2026-00"] {
            XCTAssertEqual(codes(.settlementStatement) { $0 = $0.setting(["period"], to: .string(bad)) }, ["period: invalid-format"], bad)
        }
        XCTAssertEqual(codes(.settlementStatement) { $0 = $0.setting(["heldBack"], to: -1) }, ["heldBack: out-of-range"])
        XCTAssertEqual(codes(.settlementStatement) { $0 = $0.setting(["amount"], to: 80.001) }, ["amount: invalid-format"])
        let many = JSONValue.array(Array(repeating: ["ticketId": "T", "amount": 0, "status": "settleable"], count: 10_001))
        XCTAssertEqual(codes(.settlementStatement) { $0 = $0.setting(["lines"], to: many) }, ["lines: too-long"])
    }

    func testDeadLetterOfLargeOriginalKeepsSixtyFourKibibytesAndAFingerprint() throws {
        let original = [UInt8](repeating: 0x41, count: 100_000)
        let letter = MessageDeadLettered(service: "dispatch", topic: "aftersales.field", partition: 1, offset: 9, key: "TK-1",
                                         original: original, reason: "too big")
        XCTAssertEqual(Data(base64Encoded: letter.value)?.count, 65_536)
        XCTAssertEqual(letter.valueLength, 100_000)
        XCTAssertEqual(letter.valueTruncated, true)
        XCTAssertEqual(letter.valueSha256, "e6631225e83d23bf67657e85109ad5deb3570e1405d7aaa23a2485ae8582c143")
        let small = MessageDeadLettered(service: "s", topic: "t", partition: 0, offset: 0, key: nil, original: Array("{}".utf8), reason: "r")
        XCTAssertEqual(small.value, "e30=")
        XCTAssertEqual(small.valueTruncated, false)
        XCTAssertEqual(small.validate(), [])
        XCTAssertEqual(codes(.messageDeadLettered) { $0 = $0.setting(["valueSha256"], to: "XYZ") }, ["valueSha256: invalid-format"])
        // An outgoing event the broker refused is dead-lettered with partition and offset -1.
        XCTAssertEqual(codes(.messageDeadLettered) { $0 = $0.setting(["partition"], to: -1).setting(["offset"], to: -1) }, [])
        XCTAssertEqual(codes(.messageDeadLettered) { $0 = $0.setting(["partition"], to: -2) }, ["partition: out-of-range"])
    }
}
