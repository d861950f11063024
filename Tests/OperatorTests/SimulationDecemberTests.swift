import Foundation
@testable import OperatorTool
import Schema
import XCTest

/// The simulator plays the December 2026 flows (DESIGN.md "Additions"): providers and
/// certificates in the roster, reschedules, visits straight after acceptance, failed visits,
/// returns, evidence, payments, remote answers and audit verdicts. Pure engine, no broker.
final class SimulationDecemberTests: XCTestCase {
    private let now = Date(timeIntervalSince1970: 1_795_852_800)   // 2026-11-28T08:00:00Z

    private func options(seed: UInt64 = 1) -> SimulateOptions {
        SimulateOptions(rate: 1, duration: 1, seed: seed, invalidShare: 0, duplicateShare: 0, emergencyShare: 0,
                        declineShare: 0, unhappyShare: 0, pace: 1, noSeed: true)
    }

    private func engine(_ configure: (inout SimulationMix) -> Void = { _ in }) -> SimulationEngine {
        var engine = SimulationEngine(options: options())
        var mix = SimulationMix.plain
        configure(&mix)
        engine.mix = mix
        return engine
    }

    private func event(_ type: EventType, _ data: JSONValue) -> Envelope {
        Envelope(id: UUID().uuidString, type: type.rawValue, occurredAt: now, source: "platform", correlationId: "R-1",
                 causationId: nil, data: data)
    }

    /// The envelope the simulator would send for a message.
    private func envelope(_ message: SimulatedMessage) -> Envelope {
        Envelope(id: "sim", type: message.type.rawValue, occurredAt: message.due, source: SimulateCommand.source(of: message.type),
                 correlationId: message.correlationId, causationId: nil, data: .object(message.data))
    }

    /// Decodes and validates the message as its type's Schema payload; fails the test otherwise.
    private func assertValid(_ message: SimulatedMessage, file: StaticString = #filePath, line: UInt = #line) {
        let envelope = envelope(message)
        XCTAssertEqual(message.type.topic, message.topic, "\(message.type) goes on its own topic", file: file, line: line)
        do {
            let payload = try EventCatalog.payload(of: envelope)
            XCTAssertEqual(payload.messageKey, message.key, "\(message.type) is keyed by its aggregate", file: file, line: line)
        } catch {
            XCTFail("\(message.type) does not validate: \(error)\n\(message.data)", file: file, line: line)
        }
    }

    /// Walks one ticket to `ticket.accepted` (opened, assigned to T-1).
    private func accepted(_ engine: inout SimulationEngine, _ ticketId: String, category: String = "refrigerator") -> [SimulatedMessage] {
        _ = engine.react(to: event(.ticketOpened, ["ticketId": .string(ticketId), "product": ["category": .string(category)],
                                                   "warranty": ["status": "in-warranty"]]), now: now)
        _ = engine.react(to: event(.ticketAssigned, ["ticketId": .string(ticketId), "technicianId": "T-1"]), now: now)
        return engine.react(to: event(.ticketAccepted, ["ticketId": .string(ticketId), "technicianId": "T-1"]), now: now)
    }

    // MARK: Roster

    func testTheRosterHasProvidersAndCertificatesThatMatchDispatchDefaults() throws {
        var random = SeededRandom(seed: 7)
        let seed = SimulationWorld().seedMessages(now: now, random: &random)
        for message in seed { assertValid(message) }
        let providers = try seed.filter { $0.type == .providerUpserted }.map { try envelope($0).payload(as: ProviderUpserted.self) }
        XCTAssertEqual(providers.map(\.providerId), ["SP-EAST", "SP-SOUTH", "SP-WEST"])
        XCTAssertTrue(providers.allSatisfy { $0.rates?.currency == "CNY" && ($0.rates?.visit ?? 0) > 0 })
        XCTAssertEqual(seed.firstIndex { $0.type == .providerUpserted }, 0, "providers come before their technicians")

        let technicians = try seed.filter { $0.type == .technicianUpserted }.map { try envelope($0).payload(as: TechnicianUpserted.self) }
        XCTAssertEqual(technicians.count, 48)
        let served = Dictionary(providers.flatMap { provider in provider.regions.map { ($0, provider.providerId) } }) { a, _ in a }
        for technician in technicians {
            let index = Int(technician.technicianId.suffix(2)) ?? 0
            XCTAssertEqual(technician.providerId, index >= 5 ? served[technician.region] : nil, technician.technicianId)
            let held = Set((technician.certifications ?? []).map(\.type))
            for category in technician.skillCategories {
                if let required = SimulationWorld.certificateRequired[category] {
                    XCTAssertTrue(held.contains(required), "\(technician.technicianId) repairs \(category.rawValue): holds \(required)")
                }
            }
        }
        XCTAssertTrue(technicians.contains { $0.providerId == nil && $0.region == "beijing" }, "own staff")
        let days = Set(technicians.flatMap { $0.certifications ?? [] }.map(\.expiresOn))
        XCTAssertEqual(days, ["2027-11-28", "2026-12-03", "2026-11-25"], "a year; expiring in 5 days; lapsed 3 days ago")
        for type in ["refrigerant", "electrical", "gas"] {
            XCTAssertTrue(technicians.contains { $0.certifications?.contains { $0.type == type && $0.expiresOn == "2027-11-28" } == true },
                          "someone holds a valid \(type) certificate")
        }
        var again = SeededRandom(seed: 7)
        XCTAssertEqual(SimulationWorld().seedMessages(now: now, random: &again).map(\.data), seed.map(\.data), "deterministic")
    }

    // MARK: Field flow

    func testRescheduleThenVisit() throws {
        var engine = engine { $0.rescheduleShare = 1 }
        XCTAssertEqual(accepted(&engine, "AS-1").map(\.type), [.visitScheduled])
        let moved = engine.react(to: event(.ticketScheduled, ["ticketId": "AS-1", "technicianId": "T-1"]), now: now)
        XCTAssertEqual(moved.map(\.type), [.visitScheduled], "the first booking is moved")
        let booking = try envelope(try XCTUnwrap(moved.first)).payload(as: VisitScheduled.self)
        XCTAssertNotNil(booking.requestedByValue, "who moved it")
        XCTAssertGreaterThan(booking.scheduledFor, now.addingTimeInterval(2.5 * 3600))
        XCTAssertEqual(engine.react(to: event(.ticketScheduled, ["ticketId": "AS-1"]), now: now).map(\.type), [.visitStarted],
                       "moved once, then the technician goes")
    }

    func testVisitStartedStraightAfterAcceptance() {
        var engine = engine { $0.straightToSiteShare = 1 }
        let started = accepted(&engine, "AS-2")
        XCTAssertEqual(started.map(\.type), [.visitStarted])
        XCTAssertEqual(started.first?.data["technicianId"], "T-1")
    }

    func testAFailedVisitIsFollowedByASecondOne() {
        var engine = engine { $0.failedVisitShare = 1 }
        _ = accepted(&engine, "AS-3")
        let failed = engine.react(to: event(.ticketScheduled, ["ticketId": "AS-3"]), now: now)
        XCTAssertEqual(failed.map(\.type), [.visitFailed])
        XCTAssertNotNil(failed.first?.data["reason"]?.stringValue.flatMap(VisitFailureReason.init(rawValue:)))
        failed.forEach { assertValid($0) }
        let rebooked = engine.react(to: event(.ticketVisitFailed, ["ticketId": "AS-3", "technicianId": "T-1", "reason": "customer-absent",
                                                                   "visit": 1]), now: now)
        XCTAssertEqual(rebooked.map(\.type), [.visitScheduled], "a second visit is booked")
        XCTAssertEqual(engine.react(to: event(.ticketScheduled, ["ticketId": "AS-3", "visit": 2]), now: now).map(\.type), [.visitStarted],
                       "the second visit is not failed again")
    }

    func testAReturnedTicketIsKeptByTheNextTechnician() {
        var engine = engine { $0.returnShare = 1 }
        let returned = accepted(&engine, "AS-4")
        XCTAssertEqual(returned.map(\.type), [.assignmentReturned])
        XCTAssertEqual(returned.first?.data["technicianId"], "T-1")
        returned.forEach { assertValid($0) }
        _ = engine.react(to: event(.ticketAssigned, ["ticketId": "AS-4", "technicianId": "T-2", "attempt": 2]), now: now)
        let next = engine.react(to: event(.ticketAccepted, ["ticketId": "AS-4", "technicianId": "T-2"]), now: now)
        XCTAssertEqual(next.map(\.type), [.visitScheduled], "handed back once only")
        XCTAssertEqual(next.first?.data["technicianId"], "T-2")
    }

    func testCompletionsCarryEvidenceSometimesIncomplete() throws {
        func completion(_ mix: (inout SimulationMix) -> Void) throws -> WorkCompleted {
            var engine = engine(mix)
            _ = accepted(&engine, "AS-5", category: "furniture")
            _ = engine.react(to: event(.ticketOnSite, ["ticketId": "AS-5"]), now: now)
            let done = engine.react(to: event(.ticketDiagnosed, ["ticketId": "AS-5"]), now: now)
                + engine.react(to: event(.partsReserved, ["ticketId": "AS-5"]), now: now)
            let message = try XCTUnwrap(done.first { $0.type == .workCompleted })
            assertValid(message)
            return try envelope(message).payload(as: WorkCompleted.self)
        }
        let complete = try completion { _ in }
        let evidence = try XCTUnwrap(complete.evidence)
        XCTAssertFalse(evidence.photos.isEmpty)
        XCTAssertEqual(evidence.signature?.signedAt, now)
        XCTAssertTrue(evidence.isSettleable(partsUsed: complete.partsUsed), "signature and, with parts, both serials")
        XCTAssertEqual(evidence.oldPartSerials.count, complete.partsUsed.count)
        let unsigned = try completion { $0.missingSignatureShare = 1 }
        XCTAssertNil(unsigned.evidence?.signature)
        XCTAssertEqual(unsigned.evidence?.isSettleable(partsUsed: unsigned.partsUsed), false, "held back")
    }

    /// A ticket reopened after an on-site repair is redone within the repair warranty: dispatch
    /// waives the quote (no `ticket.quoted` follows), so the technician quotes nothing and the
    /// redo is completed after the diagnosis — the first visit of an out-of-warranty ticket
    /// carries a quote.
    func testARedoAfterAnOnSiteRepairIsNotQuoted() throws {
        var engine = engine()
        _ = engine.react(to: event(.ticketOpened, ["ticketId": "AS-20", "product": ["category": "furniture"],
                                                   "warranty": ["status": "out-of-warranty"]]), now: now)
        _ = engine.react(to: event(.ticketAssigned, ["ticketId": "AS-20", "technicianId": "T-1"]), now: now)
        _ = engine.react(to: event(.ticketAccepted, ["ticketId": "AS-20", "technicianId": "T-1"]), now: now)
        func diagnosis() throws -> JSONValue {
            let sent = engine.react(to: event(.ticketOnSite, ["ticketId": "AS-20"]), now: now)
            return try XCTUnwrap(sent.first { $0.type == .diagnosisReported }).data["quote"] ?? .null
        }
        XCTAssertNotNil(try diagnosis().objectValue, "out of warranty: the first diagnosis is quoted")
        engine.stories["AS-20"]?.partsNeeded = []
        engine.stories["AS-20"]?.quoteSettled = true
        engine.stories["AS-20"]?.completionSent = true   // repaired on site

        _ = engine.react(to: event(.ticketReopened, ["ticketId": "AS-20"]), now: now)
        _ = engine.react(to: event(.ticketAssigned, ["ticketId": "AS-20", "technicianId": "T-1", "attempt": 2]), now: now)
        _ = engine.react(to: event(.ticketAccepted, ["ticketId": "AS-20", "technicianId": "T-1"]), now: now)
        XCTAssertEqual(try diagnosis(), .null, "the redo within the repair warranty carries no quote")
        let done = engine.react(to: event(.ticketDiagnosed, ["ticketId": "AS-20"]), now: now)
            + engine.react(to: event(.partsReserved, ["ticketId": "AS-20"]), now: now)
        XCTAssertTrue(done.contains { $0.type == .workCompleted }, "completed without waiting for a quote")
    }

    // MARK: Money

    private func invoice(_ ticketId: String, total: Double, chargeable: Bool = true, id: String = "INV-1") -> Envelope {
        event(.ticketInvoiced, ["ticketId": .string(ticketId), "invoiceId": .string(id), "chargeable": .bool(chargeable),
                                "lines": [["kind": "labour", "quantity": 1, "unitPrice": .number(total), "amount": .number(total)]],
                                "total": .number(total), "currency": "CNY"])
    }

    func testAChargeableInvoiceIsPaidInFull() throws {
        var engine = engine()
        let paid = engine.react(to: invoice("AS-6", total: 259.97), now: now)
        XCTAssertEqual(paid.map(\.type), [.paymentRecorded])
        let payment = try envelope(try XCTUnwrap(paid.first)).payload(as: PaymentRecorded.self)
        XCTAssertEqual(payment, PaymentRecorded(ticketId: "AS-6", invoiceId: "INV-1", amount: 259.97, currency: "CNY",
                                                method: payment.method))
        XCTAssertNotNil(payment.methodValue)
        XCTAssertEqual(paid.first?.topic, .field)
        XCTAssertTrue(engine.react(to: invoice("AS-6", total: 259.97), now: now).isEmpty, "a redelivered invoice is not paid twice")
        XCTAssertTrue(engine.react(to: invoice("AS-7", total: 0, chargeable: false), now: now).isEmpty, "in warranty: nothing to pay")
        XCTAssertTrue(engine.react(to: invoice("AS-8", total: 0), now: now).isEmpty, "a remote resolution's empty invoice")
    }

    func testSomeInvoicesArePaidInTwoInstalments() throws {
        var engine = engine { $0.partialPaymentShare = 1 }
        let paid = engine.react(to: invoice("AS-9", total: 100.01), now: now)
        XCTAssertEqual(paid.map(\.type), [.paymentRecorded, .paymentRecorded])
        let amounts = try paid.map { try envelope($0).payload(as: PaymentRecorded.self).amount }
        XCTAssertTrue(amounts.allSatisfy { $0 > 0 && $0 < 100.01 }, "\(amounts)")
        XCTAssertEqual(amounts.compactMap(Money.cents).reduce(0, +), 10_001, "together exactly the invoice, in cents")
        XCTAssertLessThan(paid[0].due, paid[1].due, "the first instalment first")
        paid.forEach { assertValid($0) }
    }

    // MARK: Remote-first and audits

    private func opened(_ ticketId: String, guidance: Bool) -> Envelope {
        var data: [String: JSONValue] = ["ticketId": .string(ticketId), "product": ["category": "smart-speaker"]]
        if guidance { data["remoteGuidance"] = ["playbookId": "smart-speaker-network@1", "steps": ["Unplug it", "Re-pair the app"]] }
        return event(.ticketOpened, .object(data))
    }

    func testTheContactCentreAnswersRemoteGuidance() throws {
        var resolving = engine { $0.remoteResolvedShare = 1 }
        let resolved = resolving.react(to: opened("AS-10", guidance: true), now: now)
        XCTAssertEqual(resolved.map(\.type), [.remoteResolved])
        XCTAssertEqual(try envelope(resolved[0]).payload(as: RemoteResolved.self).ticketId, "AS-10")
        XCTAssertNil(resolved[0].data["technicianId"])
        XCTAssertEqual(resolved[0].correlationId, "R-1", "in the ticket's story")
        var failing = engine { $0.remoteResolvedShare = 0 }
        let failed = failing.react(to: opened("AS-11", guidance: true), now: now)
        XCTAssertEqual(failed.map(\.type), [.remoteFailed])
        (resolved + failed).forEach { assertValid($0) }
        XCTAssertTrue(failing.react(to: opened("AS-12", guidance: false), now: now).isEmpty, "no playbook: no call")
        var mixed = engine()
        let answers = (0..<200).flatMap { mixed.react(to: opened("AS-M\($0)", guidance: true), now: now) }.map(\.type)
        XCTAssertEqual(answers.count, 200, "one answer per remote-first ticket")
        XCTAssertGreaterThan(answers.filter { $0 == .remoteResolved }.count, answers.filter { $0 == .remoteFailed }.count,
                             "most are resolved")
        XCTAssertTrue(answers.contains(.remoteFailed))
    }

    /// A request the customer will cancel: its ticket gets no step at all (no remote answer, no
    /// acceptance, no completion when parts come after the cancellation), so dispatch never
    /// dead-letters a field event on a cancelled ticket; other tickets go on as usual.
    func testACancellingCustomersTicketGetsNoFurtherStep() {
        var engine = engine()
        engine.cancelling(requestId: "R-CANCEL")
        var data: [String: JSONValue] = ["ticketId": "AS-C", "requestId": "R-CANCEL", "product": ["category": "smart-speaker"]]
        data["remoteGuidance"] = ["playbookId": "smart-speaker-network@1", "steps": ["Unplug it"]]
        XCTAssertTrue(engine.react(to: event(.ticketOpened, .object(data)), now: now).isEmpty, "no remote answer")
        XCTAssertTrue(engine.isCancelling(ticketId: "AS-C"))
        XCTAssertTrue(engine.react(to: event(.ticketAssigned, ["ticketId": "AS-C", "technicianId": "T-1"]), now: now).isEmpty)
        XCTAssertTrue(engine.react(to: event(.ticketCancelled, ["ticketId": "AS-C", "reason": "customer changed their mind"]), now: now).isEmpty)
        let late = event(.partsReserved, ["ticketId": "AS-C", "lines": [["partNumber": "P-1", "quantity": 1, "warehouseId": "WH"]]])
        XCTAssertTrue(engine.react(to: late, now: now).isEmpty, "parts answered after the cancellation: nothing")
        XCTAssertEqual(accepted(&engine, "AS-OTHER").map(\.type), [.visitScheduled], "other tickets go on")
        var plain = self.engine()
        XCTAssertEqual(accepted(&plain, "AS-C2").count, 1)
        _ = plain.react(to: event(.ticketCancelled, ["ticketId": "AS-C2", "reason": "x"]), now: now)
        let lateToo = event(.partsReserved, ["ticketId": "AS-C2", "lines": [["partNumber": "P-1", "quantity": 1, "warehouseId": "WH"]]])
        XCTAssertTrue(plain.react(to: lateToo, now: now).isEmpty, "a ticket cancelled without notice gets no step either")
    }

    /// Chengdu's gas and electrical certificates lapsed (dispatch's certificate gating shows up
    /// early); elsewhere they are valid, and Chengdu's refrigerant ones too.
    func testChengdusGasAndElectricalCertificatesLapsed() throws {
        var random = SeededRandom(seed: 7)
        let technicians = try SimulationWorld().seedMessages(now: now, random: &random).filter { $0.type == .technicianUpserted }
            .map { try envelope($0).payload(as: TechnicianUpserted.self) }
        let lapsed = "2026-11-25"
        for technician in technicians {
            for certificate in technician.certifications ?? [] where technician.region == "chengdu" {
                if ["gas", "electrical"].contains(certificate.type) { XCTAssertEqual(certificate.expiresOn, lapsed, technician.technicianId) }
            }
        }
        XCTAssertTrue(technicians.contains { $0.region == "chengdu" && $0.certifications?.contains { $0.type == "gas" || $0.type == "electrical" } == true })
        XCTAssertTrue(technicians.contains { $0.region == "shanghai" && $0.certifications?.contains { $0.type == "gas" && $0.expiresOn != lapsed } == true })
    }

    func testTheSupervisorRecordsEveryRequestedAudit() throws {
        var engine = engine()
        let verdicts = try (0..<100).map { index -> AuditRecorded in
            let messages = engine.react(to: event(.auditRequested, ["ticketId": .string("AS-A\(index)"), "auditId": .string("AUD-AS-A\(index)-1")]),
                                        now: now)
            XCTAssertEqual(messages.map(\.type), [.auditRecorded])
            XCTAssertEqual(messages.first?.topic, .surveyResponses)
            messages.forEach { assertValid($0) }
            return try envelope(try XCTUnwrap(messages.first)).payload(as: AuditRecorded.self)
        }
        XCTAssertEqual(verdicts.map(\.auditId), (0..<100).map { "AUD-AS-A\($0)-1" })
        let failed = verdicts.filter { !$0.passed }
        XCTAssertFalse(failed.isEmpty, "some fail")
        XCTAssertLessThan(failed.count, 50, "most pass")
        XCTAssertTrue(failed.allSatisfy { !$0.findings.isEmpty }, "a failed audit has findings")
    }

    // MARK: Every message, every seed

    /// A platform that answers each simulated message with what the services would publish,
    /// for many tickets: every message the engine produces validates as its Schema payload,
    /// and the same seed produces the same messages.
    func testEverySimulatedMessageValidatesAndTheSeedReplaysIt() {
        func play(seed: UInt64) -> [SimulatedMessage] {
            var engine = SimulationEngine(options: SimulateOptions(rate: 1, duration: 1, seed: seed, invalidShare: 0, duplicateShare: 0,
                                                                   emergencyShare: 0, declineShare: 0.1, unhappyShare: 0.15, pace: 1,
                                                                   noSeed: true))
            var mix = SimulationMix()
            mix.returnShare = 0.3; mix.rescheduleShare = 0.3; mix.failedVisitShare = 0.3; mix.straightToSiteShare = 0.3
            mix.partialPaymentShare = 0.5; mix.missingSignatureShare = 0.3; mix.missingSerialsShare = 0.5
            engine.mix = mix
            var produced: [SimulatedMessage] = []
            for index in 0..<60 {
                let id = JSONValue.string("AS-V\(index)")
                let category = ["air-conditioner", "washing-machine", "smart-speaker", "water-heater"][index % 4]
                var inbox = [event(.ticketOpened, ["ticketId": id, "product": ["category": .string(category)],
                                                   "warranty": ["status": index % 3 == 0 ? "out-of-warranty" : "in-warranty"],
                                                   "remoteGuidance": index % 4 == 2 ? ["playbookId": "p@1", "steps": ["a"]] : .null]),
                             event(.ticketAssigned, ["ticketId": id, "technicianId": "T-1"])]
                var steps = 0
                while !inbox.isEmpty && steps < 40 {
                    steps += 1
                    let next = inbox.removeFirst()
                    let out = engine.react(to: next, now: now)
                    produced += out
                    for message in out { inbox += platform(answering: message, ticketId: id) }
                }
            }
            return produced
        }
        let messages = play(seed: 11)
        for message in messages { assertValid(message) }
        let types = Set(messages.map(\.type))
        for type: EventType in [.assignmentAccepted, .assignmentDeclined, .assignmentReturned, .visitScheduled, .visitStarted, .visitFailed,
                                .diagnosisReported, .quoteApproved, .workCompleted, .paymentRecorded, .remoteResolved, .remoteFailed,
                                .auditRecorded, .surveyAnswered] {
            XCTAssertTrue(types.contains(type), "the walk produces \(type.rawValue)")
        }
        XCTAssertTrue(messages.contains { $0.type == .visitScheduled && $0.data["requestedBy"] != nil }, "a reschedule")
        let replay = play(seed: 11)
        XCTAssertEqual(replay.map(\.type), messages.map(\.type))
        XCTAssertEqual(replay.map(\.data), messages.map(\.data))
        XCTAssertEqual(replay.map(\.due), messages.map(\.due))
        XCTAssertNotEqual(play(seed: 12).map(\.data), messages.map(\.data), "another seed, another story")
    }

    /// What the platform would publish after a simulated message (enough of each event for the engine).
    private func platform(answering message: SimulatedMessage, ticketId: JSONValue) -> [Envelope] {
        let id: [String: JSONValue] = ["ticketId": ticketId, "technicianId": message.data["technicianId"] ?? "T-1"]
        func with(_ extra: [String: JSONValue]) -> JSONValue { .object(id.merging(extra) { $1 }) }
        switch message.type {
        case .assignmentAccepted: return [event(.ticketAccepted, with([:]))]
        case .assignmentDeclined, .assignmentReturned: return [event(.ticketAssigned, with(["technicianId": "T-2"]))]
        case .visitScheduled: return [event(.ticketScheduled, with([:]))]
        case .visitStarted: return [event(.ticketOnSite, with([:]))]
        case .visitFailed: return [event(.ticketVisitFailed, with(["reason": message.data["reason"] ?? "no-access", "visit": 1]))]
        case .diagnosisReported:
            let quoted = message.data["quote"] != nil
            let parts = !(message.data["parts"]?.arrayValue ?? []).isEmpty
            return [event(.ticketDiagnosed, with([:]))] + (quoted ? [event(.ticketQuoted, with([:]))] : [])
                + (parts ? [event(.partsReserved, with([:]))] : [])
        case .workCompleted:
            return [event(.ticketInvoiced, with(["invoiceId": .string("INV-\(ticketId.stringValue ?? "")-1"), "chargeable": true,
                                                 "lines": [], "total": 180.5, "currency": "CNY"])),
                    event(.auditRequested, with(["auditId": .string("AUD-\(ticketId.stringValue ?? "")-1")])),
                    event(.surveyRequested, with(["surveyId": "S-1"]))]
        case .remoteFailed: return [event(.ticketAssigned, with([:]))]
        default: return []
        }
    }
}
