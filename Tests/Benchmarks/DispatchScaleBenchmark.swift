import DispatchService
import Foundation
import Kafka
import Postgres
import Schema
import ServiceRuntime
import TestSupport

/// Dispatch at national scale: the same kind of `ticket.opened` stream through dispatch's real
/// batch pipeline (TestSupport `BatchHarness`: triage, inbox, the set-based handler, outbox and
/// timers in PostgreSQL; no broker) with 100 technicians in one region and with 10,000 in 30 —
/// once with every region as dense as the single one (regions 3.3× larger), once with every
/// region the same size (3.3× denser: more technicians within the distance bound of a ticket).
/// Same mix of skills; capacity never binds, so the figures compare the candidate search.
/// Prints tickets/s, time and statements per batch.
enum DispatchScaleBenchmark {
    static let categories = ProductCategory.allCases.map(\.rawValue)

    /// Runs the two rosters alternately three times (the machine is shared: the best run of
    /// each is the one least disturbed) and prints every run and the best.
    static func run() {
        print("Dispatch scale (offline pipeline, PostgreSQL, 200 tickets per batch, 3 skills of \(categories.count) per technician)")
        // (technicians, regions, half the side of a region in degrees)
        let scenarios: [(Int, Int, Double)] = [(100, 1, 0.5), (10_000, 30, 0.5 * 100.0.squareRoot() / (10_000.0 / 30).squareRoot()),
                                               (10_000, 30, 0.5)]
        let labels = ["100 technicians / 1 region", "10,000 / 30 regions, same density", "10,000 / 30 regions, same area"]
        var best = [Double](repeating: 0, count: scenarios.count)
        for _ in 0..<3 {
            for (index, (technicians, regions, spread)) in scenarios.enumerated() {
                do {
                    let rate = try runOnce(label: labels[index], technicians: technicians, regions: regions, spread: spread,
                                           tickets: 4_000, batchSize: 200)
                    best[index] = max(best[index], rate)
                } catch {
                    print("  \(labels[index]): failed: \(error)")
                }
            }
        }
        for (label, rate) in zip(labels, best) {
            print("  best of 3: \(label.padding(toLength: 34, withPad: " ", startingAt: 0))" + String(format: "%6.0f tickets/s", rate))
        }
    }

    /// Region centres on a grid over eastern and central China, 2.5° apart.
    static func regionCentre(_ index: Int) -> GeoPoint {
        GeoPoint(lat: 22.5 + Double(index / 6) * 2.5, lon: 104 + Double(index % 6) * 2.5)
    }

    @discardableResult
    static func runOnce(label: String, technicians: Int, regions: Int, spread: Double, tickets: Int, batchSize: Int) throws
        -> Double {
        var rng = SeededGenerator(seed: 7)
        let harness = try BatchHarness(service: "dispatch", migrations: DispatchMigrations.all, handler: DispatchHandler(),
                                       now: Timestamp.parse("2026-11-22T02:00:00Z")!)
        // MARK: Roster, 1,000 per batch
        let roster = (0..<technicians).map { i -> TechnicianUpserted in
            let region = i % regions
            let centre = regionCentre(region)
            var skills: Set<String> = []
            while skills.count < 3 { skills.insert(categories[Int.random(in: 0..<categories.count, using: &rng)]) }
            let location = GeoPoint(lat: centre.lat + Double.random(in: -spread...spread, using: &rng),
                                    lon: centre.lon + Double.random(in: -spread...spread, using: &rng))
            // Technicians of the categories that need certificates (gas, electrical, refrigerant) hold them.
            let certificates = CertificationRequirements.defaults.byCategory.filter { skills.contains($0.key) }
                .flatMap(\.value).map { TechnicianUpserted.Certification(type: $0, expiresOn: "2030-12-31") }
            return TechnicianUpserted(technicianId: String(format: "T-%05d", i), name: "Tech \(i)", skills: skills.sorted(),
                                      region: "R\(region)", location: location, dailyCapacity: 1_000, active: true,
                                      certifications: certificates.isEmpty ? nil : certificates)
        }
        for start in stride(from: 0, to: roster.count, by: 1_000) {
            let chunk = roster[start..<min(roster.count, start + 1_000)]
            try harness.pipeline.process(chunk.map { record(harness, $0) })
        }
        // A roster that changes rarely is vacuumed and analysed by autovacuum: do it now, so the
        // search's index-only scans and the plans are those of a steady state.
        try harness.db.simpleExecute("VACUUM ANALYZE technician_skills")
        try harness.db.simpleExecute("ANALYZE technicians")

        // MARK: Tickets, prepared before timing
        let opened = (0..<(tickets + batchSize)).map { i -> TicketOpened in
            let region = Int.random(in: 0..<regions, using: &rng)
            let centre = regionCentre(region)
            let location = GeoPoint(lat: centre.lat + Double.random(in: -spread...spread, using: &rng),
                                    lon: centre.lon + Double.random(in: -spread...spread, using: &rng))
            let category = ProductCategory(rawValue: categories[Int.random(in: 0..<categories.count, using: &rng)])!
            let now = harness.now
            return TicketOpened(
                ticketId: String(format: "TK-%06d", i), requestId: "R-\(i)", kind: .repair, channel: .app, customerId: "C-\(i)",
                region: "R\(region)", location: location, product: .init(sku: "SKU", category: category, model: "M"),
                warranty: .init(status: .inWarranty), fault: .init(category: .hardware, safetyHazard: false), priority: .normal,
                sla: .init(respondBy: now, onSiteBy: now, resolveBy: now))
        }
        let batches = stride(from: 0, to: opened.count, by: batchSize).map { start in
            opened[start..<min(opened.count, start + batchSize)].map { record(harness, $0) }
        }
        // The first batch warms caches and is not timed.
        try harness.pipeline.process(batches[0])
        var statements = 0

        let started = DispatchTime.now().uptimeNanoseconds
        statements = try harness.statements {
            for batch in batches.dropFirst() { try harness.pipeline.process(batch) }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let measured = batches.count - 1
        let assigned: Int = try harness.db.query("SELECT count(*)::bigint AS n FROM tickets WHERE technician_id IS NOT NULL")
            .first?.get("n") ?? 0
        print("  \(label.padding(toLength: 34, withPad: " ", startingAt: 0))" + String(
            format: "%6.0f tickets/s  %5.1f ms/batch  %4.1f statements/batch  (%d of %d assigned)",
            Double(measured * batchSize) / seconds, seconds / Double(measured) * 1000,
            Double(statements) / Double(measured), assigned, opened.count))
        try dropDatabase(of: harness)
        return Double(measured * batchSize) / seconds
    }

    /// Drops the run's database (10,000 technicians each; nothing reads it afterwards), unless
    /// `AFTERSALES_BENCH_KEEP_DATABASES=1` keeps it for profiling (its name is printed).
    static func dropDatabase(of harness: BatchHarness) throws {
        if ProcessInfo.processInfo.environment["AFTERSALES_BENCH_KEEP_DATABASES"] == "1" {
            print("    kept database \(URLComponents(string: harness.databaseURL)?.path.dropFirst() ?? "?")")
            return
        }
        guard let name = URLComponents(string: harness.databaseURL)?.path.dropFirst(), !name.isEmpty,
              name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return }
        let admin = try PGConnection(url: TestEnvironment.adminDatabaseURL)
        defer { admin.close() }
        // The name is letters, digits and underscores only (checked above): safe as an identifier.
        try admin.simpleExecute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    static func record<P: EventPayload>(_ harness: BatchHarness, _ payload: P) -> ConsumerRecord {
        harness.record(topic: P.topic, key: payload.messageKey,
                       value: Array(harness.envelope(payload).encoded()))
    }
}

/// A small deterministic generator (SplitMix64), so both runs see the same streams.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
