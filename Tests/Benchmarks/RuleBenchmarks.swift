import Foundation
import DispatchService
import IntakeService
import InventoryService
import Schema

/// Pure business rules and the schema codec, timed in-process.
enum RuleBenchmarks {
    static func run() {
        print("Rules and schema (pure functions, no I/O)")
        let classifier = FaultClassifier()
        let descriptions = ["冰箱不制冷，冷藏室温度很高", "Smoke and a burning smell from the socket behind the fridge",
                            "扫地机器人连不上WiFi，固件升级失败", "没有漏电，就是洗衣机不排水", "Please install the new range hood"]
        var index = 0
        measure("fault classification (short, zh/en)", iterations: 200_000) {
            _ = classifier.classify(descriptions[index % descriptions.count])
            index += 1
        }
        let long = String(repeating: "洗衣机漏水，异响很大，The dryer is broken and noisy. ", count: 45)
        measure("fault classification (2,000 characters)", iterations: 2_000) {
            _ = classifier.classify(long)
        }
        let validator = RequestValidator()
        let today = CalendarDay(instant: Date(), offsetSeconds: 8 * 3600)
        let request: JSONValue = [
            "requestId": "R-1", "channel": "hotline", "kind": "repair",
            "customer": ["id": "C-1", "name": "王伟", "phone": "13800138000", "address": "上海市浦东新区世纪大道1号",
                         "region": "shanghai", "location": ["lat": 31.23, "lon": 121.47]],
            "product": ["sku": "SKU-1", "category": "refrigerator", "model": "RF-1", "purchaseDate": "2026-01-10"],
            "description": "冰箱不制冷",
        ]
        measure("request validation", iterations: 100_000) {
            _ = validator.validate(request, messageBytes: 600, today: today)
        }
        let envelope = Envelope(id: "e-1", type: "request.submitted", occurredAt: Date(), source: "crm",
                                correlationId: "R-1", causationId: nil, data: request)
        let bytes = envelope.encoded()
        measure("envelope decode (\(bytes.count) bytes)", iterations: 100_000) {
            _ = try? Envelope.decode(bytes)
        }
        measure("envelope decode + typed payload", iterations: 50_000) {
            _ = try? Envelope.decode(bytes).payload(as: RequestSubmitted.self)
        }
        measure("envelope encode", iterations: 100_000) {
            _ = envelope.encoded()
        }
        let shanghai = GeoPoint(lat: 31.23, lon: 121.47)
        let points = (0..<50).map { GeoPoint(lat: 31 + Double($0) * 0.01, lon: 121 + Double($0) * 0.013) }
        measure("great-circle distance", iterations: 1_000_000) {
            _ = shanghai.distanceKm(to: points[7])
        }
        let technicians = points.enumerated().map { index, point in
            TechnicianProfile(technicianId: "T-\(index)", skills: index % 3 == 0 ? ["refrigerator", "washing-machine"] : ["refrigerator"],
                              region: index < 25 ? "shanghai" : "suzhou", location: point, dailyCapacity: 6, active: true, load: index % 7)
        }
        let scoring = CandidateScoring()
        let site = TicketSite(category: "refrigerator", region: "shanghai", location: shanghai, emergency: false)
        measure("dispatch ranking over 50 technicians", iterations: 20_000) {
            _ = scoring.rank(site, technicians: technicians)
        }
        let forecast = DemandForecast()
        let series = (0..<28).map { Double(($0 * 7) % 5) }
        measure("demand forecast + reorder point (28 days)", iterations: 200_000) {
            _ = forecast.reorderPoint(series, leadTimeDays: 5)
            _ = forecast.orderQuantity(series, leadTimeDays: 5, available: 3)
        }
    }
}
