import Foundation
import Schema

/// Pure business rules, timed in-process.
enum RuleBenchmarks {
    static func run() {
        print("Rules (pure functions, no I/O)")
        let shanghai = GeoPoint(lat: 31.23, lon: 121.47)
        let points = (0..<50).map { GeoPoint(lat: 31 + Double($0) * 0.01, lon: 121 + Double($0) * 0.013) }
        measure("great-circle distance", iterations: 1_000_000) {
            _ = shanghai.distanceKm(to: points[7])
        }
    }
}
