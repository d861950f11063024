import Foundation
import Schema

/// The synthetic service network of the end-to-end benchmark: regions with a centre,
/// technicians around each centre with every skill, and customers near them reporting
/// ordinary (non-emergency) faults, so every request becomes an assignable ticket.
struct LoadWorld {
    struct Region {
        var code: String
        var centre: GeoPoint
    }

    let regions: [Region]
    let technicianCount: Int

    init(technicians: Int, regions count: Int) {
        technicianCount = technicians
        regions = (0..<max(1, count)).map { index in
            // A grid of centres ~200 km apart, well inside China's bounding box.
            Region(code: "R\(index)", centre: GeoPoint(lat: 23 + Double(index / 6) * 2, lon: 104 + Double(index % 6) * 2.2))
        }
    }

    /// Technicians spread over the regions, within ~10 km of their centre.
    func roster() -> [TechnicianUpserted] {
        (0..<technicianCount).map { index in
            let region = regions[index % regions.count]
            return TechnicianUpserted(
                technicianId: "T-\(index)", name: "Tech \(index)", skills: ProductCategory.allCases.map(\.rawValue),
                region: region.code, location: jitter(region.centre, seed: index, km: 10), dailyCapacity: 1_000,
                active: true, certifications: Self.certifications)
        }
    }

    /// Every certificate dispatch's defaults ask for, valid for years: every ticket is assignable.
    private static let certifications = ["electrical", "gas", "refrigerant", "height-work"].map {
        TechnicianUpserted.Certification(type: $0, expiresOn: "2099-12-31")
    }

    private static let descriptions: [(ProductCategory, String)] = [
        (.refrigerator, "冰箱不制冷，冷藏室温度很高"),
        (.washingMachine, "洗衣机脱水时异响很大"),
        (.airConditioner, "The air conditioner is not cooling and makes a rattling noise"),
        (.rangeHood, "油烟机吸力变小，有异响"),
        (.smartLock, "智能锁指纹识别失灵，按键损坏"),
        (.doorsWindows, "窗户铰链松动，关不严"),
    ]

    /// `count` valid requests, numbered from `offset`, spread over the regions.
    func requests(count: Int, offset: Int) -> [RequestSubmitted] {
        (offset..<(offset + count)).map { index in
            let region = regions[index % regions.count]
            let (category, description) = Self.descriptions[index % Self.descriptions.count]
            return RequestSubmitted(
                requestId: "BENCH-\(index)", channel: "crm", kind: "repair",
                customer: .init(id: "C-\(index)", name: "Customer \(index)", phone: "13800138000",
                                address: "Road \(index)", region: region.code,
                                location: jitter(region.centre, seed: index &* 7, km: 15)),
                product: .init(sku: "SKU-\(category.rawValue)", category: category.rawValue, model: "M-\(index % 50)",
                               purchaseDate: "2026-06-01"),
                description: description)
        }
    }

    private func jitter(_ point: GeoPoint, seed: Int, km: Double) -> GeoPoint {
        let angle = Double(seed % 360) * .pi / 180
        let distance = Double((seed &* 2_654_435_761) % 1_000) / 1_000 * km
        return GeoPoint(lat: point.lat + distance * sin(angle) / 111.195,
                        lon: point.lon + distance * cos(angle) / (111.195 * cos(point.lat * .pi / 180)))
    }
}
