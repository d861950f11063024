import Foundation
import Schema

/// How often the simulated outside world takes the December 2026 paths (DESIGN.md
/// "Additions"): shares 0…1, each drawn from the engine's seeded generator. Each detour
/// happens at most once per ticket, so every story still ends.
public struct SimulationMix: Sendable, Equatable {
    /// Accepted tickets handed back (`assignment.returned`).
    public var returnShare = 0.05
    /// Accepted tickets where the technician goes at once (`visit.started`, no booking).
    public var straightToSiteShare = 0.2
    /// First bookings moved by the customer or the technician (`visit.scheduled` again, `requestedBy`).
    public var rescheduleShare = 0.12
    /// First visits that fail (`visit.failed`; a second visit is booked).
    public var failedVisitShare = 0.08
    /// Completions without the customer's signature (held back from settlement).
    public var missingSignatureShare = 0.08
    /// Completions with parts but without the part serials (held back too).
    public var missingSerialsShare = 0.15
    /// Chargeable invoices paid in two instalments instead of at once.
    public var partialPaymentShare = 0.2
    /// Remote-first tickets the contact centre solves (`remote.resolved`; else `remote.failed`).
    public var remoteResolvedShare = 0.7
    /// Audits that fail, with findings.
    public var failedAuditShare = 0.2

    public init() {}

    /// None of the December detours (returns, reschedules, failed visits, missing evidence,
    /// instalments): the plain story. Remote answers and audit verdicts still follow their events.
    public static var plain: SimulationMix {
        var mix = SimulationMix()
        mix.returnShare = 0
        mix.straightToSiteShare = 0
        mix.rescheduleShare = 0
        mix.failedVisitShare = 0
        mix.missingSignatureShare = 0
        mix.missingSerialsShare = 0
        mix.partialPaymentShare = 0
        return mix
    }

    static let returnReasons = ["van broke down", "called away to an emergency", "lacks the special tool", "off sick tomorrow"]
    static let remoteResolutions = ["guided a network reset; the device is back online", "walked the customer through the firmware recovery",
                                    "re-paired the app with the device", "远程指导重置网络后恢复正常"]
    static let remoteFailures = ["the fault persists after every step", "the customer could not follow the steps",
                                 "the device does not power on", "需要上门检测"]
    static let passFindings = [("workspace-not-cleaned", "minor"), ("late-arrival", "minor")]
    static let failFindings = [("safety-check-skipped", "high"), ("charge-not-explained", "major"), ("part-not-replaced", "high"),
                               ("gas-leak-test-missing", "critical"), ("rude-to-customer", "major")]
}

// MARK: - December reactions

extension SimulationEngine {
    /// `ticket.opened` with `remoteGuidance`: the contact centre calls the customer through the
    /// playbook while dispatch holds the ticket, and reports `remote.resolved` or `remote.failed`.
    mutating func remoteAnswer(_ story: inout TicketStory, ticketId: String, guidance: JSONValue?, now: Date) -> [SimulatedMessage] {
        guard let guidance, guidance.objectValue != nil, !story.remoteAnswered else { return [] }
        story.remoteAnswered = true
        let agent = JSONValue.string("CC-AGENT-\(String(format: "%02d", random.int(1...12)))")
        let resolved = random.chance(mix.remoteResolvedShare)
        let data: [String: JSONValue] = resolved
            ? ["ticketId": .string(ticketId), "agentId": agent, "resolution": .string(random.pick(SimulationMix.remoteResolutions))]
            : ["ticketId": .string(ticketId), "agentId": agent, "reason": .string(random.pick(SimulationMix.remoteFailures))]
        return [SimulatedMessage(due: after(6, from: now), topic: .field, key: ticketId, type: resolved ? .remoteResolved : .remoteFailed,
                                 data: data, correlationId: story.correlationId)]
    }

    /// `ticket.invoiced` with `chargeable` true and something to pay: the customer pays it,
    /// mostly at once, sometimes in two instalments (the second a little later). Once per invoice.
    mutating func payments(_ story: inout TicketStory, ticketId: String, invoice: JSONValue, now: Date) -> [SimulatedMessage] {
        guard invoice["chargeable"] == .bool(true), let invoiceId = invoice.text(at: "invoiceId"),
              let total = invoice["total"]?.doubleValue, let cents = Money.cents(total), cents > 0,
              let currency = invoice.text(at: "currency"), !story.paidInvoices.contains(invoiceId) else { return [] }
        story.paidInvoices.insert(invoiceId)
        let method = random.pick(PaymentMethod.allCases).rawValue
        func payment(_ amountCents: Int64, delay: Double) -> SimulatedMessage {
            SimulatedMessage(due: after(delay, from: now), topic: .field, key: ticketId, type: .paymentRecorded,
                             data: ["ticketId": .string(ticketId), "invoiceId": .string(invoiceId),
                                    "amount": .number(Money.amount(cents: amountCents)), "currency": .string(currency),
                                    "method": .string(method)],
                             correlationId: story.correlationId)
        }
        guard cents >= 2, random.chance(mix.partialPaymentShare) else { return [payment(cents, delay: 4)] }
        let first = max(1, cents * Int64(random.int(30...70)) / 100)
        // The first instalment is due by 6 s, the rest from 10 s: always in that order.
        return [payment(first, delay: 4), payment(cents - first, delay: 14)]
    }

    /// `audit.requested`: the supervisor calls the customer back and records the verdict
    /// (a failure always has findings; a pass sometimes a minor one).
    mutating func auditVerdict(ticketId: String, audit: JSONValue, correlationId: String?, now: Date) -> [SimulatedMessage] {
        guard let auditId = audit.text(at: "auditId") else { return [] }
        let passed = !random.chance(mix.failedAuditShare)
        var findings: [(String, String)] = []
        if passed {
            if random.chance(0.3) { findings.append(random.pick(SimulationMix.passFindings)) }
        } else {
            findings.append(random.pick(SimulationMix.failFindings))
            if random.chance(0.4) { findings.append(random.pick(SimulationMix.passFindings)) }
        }
        let data: [String: JSONValue] = [
            "ticketId": .string(ticketId), "auditId": .string(auditId), "passed": .bool(passed),
            "findings": .array(findings.map { ["code": .string($0.0), "severity": .string($0.1)] }),
        ]
        return [SimulatedMessage(due: after(6, from: now), topic: .surveyResponses, key: ticketId, type: .auditRecorded, data: data,
                                 correlationId: correlationId)]
    }

    /// `work.completed` `evidence`: photos, the customer's signature and, when parts were used,
    /// old and new serials; sometimes the signature or the serials are missing (the visit is
    /// then held back from the provider's settlement).
    mutating func evidence(ticketId: String, parts: [[String: JSONValue]], now: Date) -> JSONValue {
        var evidence: [String: JSONValue] = [
            "photos": .array((1...random.int(1...3)).map { .string("https://evidence.example.com/\(ticketId)/photo-\($0).jpg") }),
        ]
        if !random.chance(mix.missingSignatureShare) {
            evidence["signature"] = ["signedBy": "customer", "signedAt": .string(Timestamp.format(now)),
                                     "uri": .string("https://evidence.example.com/\(ticketId)/signature.png")]
        }
        if !parts.isEmpty && !random.chance(mix.missingSerialsShare) {
            let numbers = parts.compactMap { $0["partNumber"]?.stringValue }
            evidence["oldPartSerials"] = .array(numbers.map { .string("OLD-\($0)-\(random.int(10_000...99_999))") })
            evidence["newPartSerials"] = .array(numbers.map { .string("NEW-\($0)-\(random.int(10_000...99_999))") })
        }
        return .object(evidence)
    }
}
