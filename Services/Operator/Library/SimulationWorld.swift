import Foundation
import Schema

/// A small deterministic pseudo-random generator (SplitMix64), so a `--seed` replays the
/// same simulation.
public struct SeededRandom: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    public mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    public mutating func double(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + unit() * (range.upperBound - range.lowerBound)
    }

    public mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
}

/// The simulated country: cities with technicians and a warehouse each, a parts catalogue,
/// and banks of realistic Chinese and English fault descriptions per product category.
public struct SimulationWorld: Sendable {
    /// A city served by the platform; its name is the region.
    public struct City: Sendable {
        public let region: String
        public let name: String
        public let center: GeoPoint
        public let districts: [String]
    }

    /// A part and the categories it fits.
    public struct Part: Sendable {
        public let partNumber: String
        public let name: String
        public let unitPrice: Double
        public let leadTimeDays: Int
        public let categories: [ProductCategory]
    }

    public let cities: [City] = [
        City(region: "shanghai", name: "上海市", center: GeoPoint(lat: 31.2304, lon: 121.4737), districts: ["浦东新区", "徐汇区", "静安区", "闵行区"]),
        City(region: "beijing", name: "北京市", center: GeoPoint(lat: 39.9042, lon: 116.4074), districts: ["朝阳区", "海淀区", "东城区", "丰台区"]),
        City(region: "guangzhou", name: "广州市", center: GeoPoint(lat: 23.1291, lon: 113.2644), districts: ["天河区", "越秀区", "海珠区"]),
        City(region: "shenzhen", name: "深圳市", center: GeoPoint(lat: 22.5431, lon: 114.0579), districts: ["南山区", "福田区", "宝安区"]),
        City(region: "chengdu", name: "成都市", center: GeoPoint(lat: 30.5728, lon: 104.0668), districts: ["武侯区", "锦江区", "高新区"]),
        City(region: "hangzhou", name: "杭州市", center: GeoPoint(lat: 30.2741, lon: 120.1551), districts: ["西湖区", "滨江区", "上城区"]),
    ]

    /// An authorised service provider (服务网点) and the cities it serves.
    public struct Provider: Sendable {
        public let providerId: String
        public let name: String
        public let regions: [String]
        /// Paid per settleable visit, CNY.
        public let visitRate: Double

        /// Its `provider.upserted` data.
        public var upserted: [String: JSONValue] {
            ["providerId": .string(providerId), "name": .string(name), "regions": .array(regions.map(JSONValue.string)),
             "active": true, "rates": ["visit": .number(visitRate), "currency": "CNY"]]
        }
    }

    /// Three providers; Beijing is served by the brand's own staff only.
    public let providers: [Provider] = [
        Provider(providerId: "SP-EAST", name: "华东家电服务网点 East Appliance Service", regions: ["shanghai", "hangzhou"], visitRate: 80),
        Provider(providerId: "SP-SOUTH", name: "华南安装维修中心 South Install & Repair", regions: ["guangzhou", "shenzhen"], visitRate: 75),
        Provider(providerId: "SP-WEST", name: "西南服务网点 West Service Partners", regions: ["chengdu"], visitRate: 70),
    ]

    public let parts: [Part] = [
        Part(partNumber: "P-COMP-100", name: "compressor", unitPrice: 860, leadTimeDays: 5, categories: [.refrigerator, .airConditioner]),
        Part(partNumber: "P-BOARD-200", name: "control board", unitPrice: 320, leadTimeDays: 4,
             categories: [.washingMachine, .refrigerator, .airConditioner, .waterHeater, .kitchenAppliance, .robotVacuum]),
        Part(partNumber: "P-PUMP-300", name: "drain pump", unitPrice: 140, leadTimeDays: 3, categories: [.washingMachine]),
        Part(partNumber: "P-SEAL-400", name: "door seal", unitPrice: 65, leadTimeDays: 2, categories: [.refrigerator, .washingMachine]),
        Part(partNumber: "P-HEAT-500", name: "heating element", unitPrice: 180, leadTimeDays: 3, categories: [.waterHeater]),
        Part(partNumber: "P-MOTOR-600", name: "fan motor", unitPrice: 260, leadTimeDays: 4, categories: [.rangeHood, .airConditioner]),
        Part(partNumber: "P-BRUSH-700", name: "brush roll", unitPrice: 45, leadTimeDays: 2, categories: [.robotVacuum]),
        Part(partNumber: "P-LOCK-800", name: "lock cylinder", unitPrice: 210, leadTimeDays: 3, categories: [.smartLock, .doorsWindows]),
        Part(partNumber: "P-HINGE-900", name: "hinge set", unitPrice: 38, leadTimeDays: 2, categories: [.furniture, .doorsWindows, .homeDecor]),
        Part(partNumber: "P-VALVE-110", name: "valve cartridge", unitPrice: 95, leadTimeDays: 3, categories: [.sanitaryWare, .waterHeater]),
        Part(partNumber: "P-TILE-120", name: "replacement tile box", unitPrice: 150, leadTimeDays: 7, categories: [.tiles]),
        Part(partNumber: "P-PLANK-130", name: "floor plank pack", unitPrice: 240, leadTimeDays: 7, categories: [.flooring]),
        Part(partNumber: "P-SPKR-140", name: "speaker module", unitPrice: 120, leadTimeDays: 4, categories: [.smartSpeaker]),
        Part(partNumber: "P-IGN-150", name: "igniter", unitPrice: 55, leadTimeDays: 2, categories: [.kitchenAppliance, .rangeHood]),
    ]

    /// Ordinary fault descriptions per category, Chinese (simplified and traditional) and English.
    static let descriptions: [ProductCategory: [String]] = [
        .refrigerator: ["冰箱不制冷，冷藏室温度很高", "Fridge is not cooling, milk goes off in a day", "冰箱有异响，晚上嗡嗡响", "冰箱門封條破了，一直漏冷氣", "Freezer is leaking water onto the floor"],
        .airConditioner: ["空调不制冷，出风是热的", "Air conditioner makes a loud rattling noise", "空调漏水，滴到地板上", "AC remote pairing fails after the firmware update"],
        .washingMachine: ["洗衣机不排水，显示E21", "Washing machine leaks water during the spin cycle", "洗衣机甩干时异响很大", "洗衣機滾筒不轉"],
        .waterHeater: ["热水器不加热", "Water heater shows error E3 and no hot water", "热水器漏水"],
        .rangeHood: ["油烟机吸力很小，噪音大", "Range hood fan is broken", "抽油烟机不转了"],
        .kitchenAppliance: ["燃气灶打不着火", "Oven does not heat up", "洗碗机不出水"],
        .robotVacuum: ["扫地机器人连不上WiFi", "Robot vacuum keeps going offline", "扫地机固件升级失败，一直重启", "Robot vacuum brush is broken"],
        .smartLock: ["智能门锁固件升级失败，指纹打不开", "Smart lock app says the lock is offline", "门锁把手坏了"],
        .smartSpeaker: ["音箱连不上WiFi，总是断网", "Smart speaker crashes after the update", "音箱没有声音"],
        .furniture: ["衣柜门铰链坏了，门关不上", "Sofa frame is broken on one side", "餐桌腿松动"],
        .doorsWindows: ["窗户关不严，漏风漏雨", "Balcony door lock is broken", "推拉门滑轨坏了"],
        .flooring: ["木地板起拱变形", "Floor boards are squeaking and lifting", "地板有裂缝"],
        .tiles: ["瓷砖空鼓开裂", "Bathroom tiles cracked after two months", "墙砖脱落"],
        .sanitaryWare: ["马桶一直漏水", "Tap is dripping and the valve is broken", "淋浴花洒漏水"],
        .homeDecor: ["吊灯安装需要上门", "Curtain rail came off the wall", "装饰镜子松动"],
    ]

    /// Descriptions that name a safety hazard (they make emergencies).
    static let hazards = [
        "插头冒烟，有焦味，已经断电", "Sparks and a burning smell from the socket behind the fridge",
        "热水器漏电，洗澡时被电了一下", "燃气灶燃气泄漏，闻到很大的煤气味", "Smoke coming out of the washing machine control panel",
        "空調外機起火了", "Got an electric shock from the water heater tap",
    ]

    static let installations = ["新买的热水器需要安装", "Please install the new range hood", "需要安装智能门锁", "Installation of the new wardrobe"]
    static let maintenance = ["空调年度清洗保养", "Annual maintenance check for the water heater", "油烟机清洗保养"]
    static let complaints = ["上次维修后还是坏的，非常不满意", "The technician was late twice and the problem is still there"]
    static let surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙"]
    static let givenNames = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "艳", "杰"]
    static let roads = ["世纪大道", "中山路", "人民路", "解放路", "建设路", "和平街", "科技园路", "滨江大道"]

    public init() {}

    /// Technicians of a city: eight, covering every category between them. Those whose
    /// skills need a certificate (dispatch's defaults: air conditioners → refrigerant, water
    /// heaters → electrical, kitchen appliances → gas) hold it, valid for a year from `today`,
    /// except technician 7's, which expire in 5 days, and technician 8's, which lapsed 3 days
    /// ago (dispatch passes them over for that work), and the `lapsedCertificates` of a city. In a city an authorised provider serves,
    /// technicians 5 to 8 work for it (`providerId`); the others are the brand's own staff.
    public func technicians(of city: City, today: Date, random: inout SeededRandom) -> [[String: JSONValue]] {
        let categories = ProductCategory.allCases
        let provider = providers.first { $0.regions.contains(city.region) }
        return (1...8).map { index in
            var skills = Set((0..<5).map { _ in random.pick(categories) })
            skills.insert(categories[(index * 2) % categories.count])
            skills.insert(categories[(index * 2 + 1) % categories.count])
            let location = GeoPoint(lat: city.center.lat + random.double(-0.12...0.12), lon: city.center.lon + random.double(-0.12...0.12))
            var technician: [String: JSONValue] = [
                "technicianId": .string("T-\(city.region.prefix(3).uppercased())-\(String(format: "%02d", index))"),
                "name": .string("Tech \(city.region.capitalized) \(index)"),
                "skills": .array(skills.map { .string($0.rawValue) }.sorted { "\($0)" < "\($1)" }),
                "region": .string(city.region),
                "location": ["lat": .number(location.lat), "lon": .number(location.lon)],
                "dailyCapacity": .number(Double(random.int(6...10))),
                "active": true,
            ]
            let days = index == 8 ? -3 : index == 7 ? 5 : 365
            let expiresOn = CalendarDate.format(today.addingTimeInterval(Double(days) * 86_400))
            let lapsedOn = CalendarDate.format(today.addingTimeInterval(-3 * 86_400))
            var certificates = Set(skills.compactMap { Self.certificateRequired[$0] })
            if index <= 2 { certificates.insert("height-work") }
            if !certificates.isEmpty {
                technician["certifications"] = .array(certificates.sorted().map { type in
                    let lapsed = Self.lapsedCertificates[city.region]?.contains(type) ?? false
                    return ["type": .string(type), "expiresOn": .string(lapsed ? lapsedOn : expiresOn)]
                })
            }
            if let provider, index >= 5 { technician["providerId"] = .string(provider.providerId) }
            return technician
        }
    }

    /// The certificate a category's work needs (dispatch's defaults,
    /// `AFTERSALES_DISPATCH_REQUIRED_CERTIFICATIONS` unset).
    public static let certificateRequired: [ProductCategory: String] = [
        .airConditioner: "refrigerant", .waterHeater: "electrical", .kitchenAppliance: "gas",
    ]

    /// Certificates that lapsed 3 days ago for every technician of a city (the renewal course
    /// is next week): Chengdu's gas and electrical ones, so its kitchen-appliance and
    /// water-heater tickets show dispatch's certificate gating (`ticket.unassignable`
    /// `no-certified-technician`) within the first minutes of a demo.
    public static let lapsedCertificates: [String: Set<String>] = ["chengdu": ["gas", "electrical"]]

    /// Everything the simulator seeds before the first request, due `now`, in this order:
    /// providers, then per city its technicians and warehouse, then per part its catalogue
    /// entry and stock in every warehouse (the compressor scarce, so some tickets wait for
    /// parts). Pure: a seed gives the same messages.
    public func seedMessages(now: Date, random: inout SeededRandom) -> [SimulatedMessage] {
        var seed: [SimulatedMessage] = providers.map { provider in
            SimulatedMessage(due: now, topic: .roster, key: provider.providerId, type: .providerUpserted, data: provider.upserted,
                             correlationId: nil)
        }
        for city in cities {
            for technician in technicians(of: city, today: now, random: &random) {
                seed.append(SimulatedMessage(due: now, topic: .roster, key: technician["technicianId"]?.stringValue ?? "",
                                             type: .technicianUpserted, data: technician, correlationId: nil))
            }
            seed.append(SimulatedMessage(due: now, topic: .stock, key: "WH-\(city.region.uppercased())", type: .warehouseUpserted,
                                         data: ["warehouseId": .string("WH-\(city.region.uppercased())"), "region": .string(city.region),
                                                "location": ["lat": .number(city.center.lat), "lon": .number(city.center.lon)]],
                                         correlationId: nil))
        }
        for part in parts {
            seed.append(SimulatedMessage(due: now, topic: .stock, key: part.partNumber, type: .partUpserted,
                                         data: ["partNumber": .string(part.partNumber), "name": .string(part.name),
                                                "unitPrice": .number(part.unitPrice), "currency": "CNY",
                                                "leadTimeDays": .number(Double(part.leadTimeDays)), "supplier": "Acme Parts Co."],
                                         correlationId: nil))
            for city in cities {
                let quantity = part.partNumber == "P-COMP-100" ? 2 : random.int(8...25)
                seed.append(SimulatedMessage(due: now, topic: .stock, key: part.partNumber, type: .stockReceived,
                                             data: ["partNumber": .string(part.partNumber), "warehouseId": .string("WH-\(city.region.uppercased())"),
                                                    "quantity": .number(Double(quantity))], correlationId: nil))
            }
        }
        return seed
    }

    /// Parts that fit a category.
    public func parts(for category: ProductCategory) -> [Part] {
        parts.filter { $0.categories.contains(category) }
    }

    // MARK: Requests

    /// Kinds of generated requests.
    public enum RequestFlavour: Sendable { case ordinary, emergency, invalid }

    /// A `request.submitted` data object for a random customer in a random city.
    public func request(id: String, flavour: RequestFlavour, today: Date, random: inout SeededRandom) -> [String: JSONValue] {
        let city = random.pick(cities)
        let category = random.pick(ProductCategory.allCases)
        let kindRoll = random.unit()
        var kind = kindRoll < 0.78 ? "repair" : kindRoll < 0.88 ? "installation" : kindRoll < 0.95 ? "maintenance" : "complaint"
        var description: String
        switch kind {
        case "installation": description = random.pick(Self.installations)
        case "maintenance": description = random.pick(Self.maintenance)
        case "complaint": description = random.pick(Self.complaints)
        default: description = random.pick(Self.descriptions[category] ?? ["设备坏了"])
        }
        if flavour == .emergency {
            kind = "repair"
            description = random.pick(Self.hazards)
        }
        let customerNumber = random.int(1...4_000)
        let daysAgo = random.int(20...1_500)
        let purchase = today.addingTimeInterval(-Double(daysAgo) * 86_400)
        let location = GeoPoint(lat: city.center.lat + random.double(-0.2...0.2), lon: city.center.lon + random.double(-0.2...0.2))
        var data: [String: JSONValue] = [
            "requestId": .string(id),
            "channel": .string(random.pick(["hotline", "web", "app", "wechat", "store", "erp", "crm"])),
            "kind": .string(kind),
            "customer": [
                "id": .string("C-\(city.region.prefix(2).uppercased())\(String(format: "%05d", customerNumber))"),
                "name": .string(random.pick(Self.surnames) + random.pick(Self.givenNames)),
                "phone": .string("1\(random.pick(["38", "39", "58", "86", "77"]))\(String(format: "%08d", random.int(0...99_999_999)))"),
                "address": .string("\(city.name)\(random.pick(city.districts))\(random.pick(Self.roads))\(random.int(1...999))号"),
                "region": .string(city.region),
                "location": ["lat": .number((location.lat * 1e5).rounded() / 1e5), "lon": .number((location.lon * 1e5).rounded() / 1e5)],
            ],
            "product": [
                "sku": .string("SKU-\(category.rawValue.prefix(4).uppercased())-\(random.int(100...140))"),
                "category": .string(category.rawValue),
                "model": .string("\(category.rawValue.prefix(3).uppercased())-\(random.int(1...6))00"),
                "serialNumber": .string("SN\(customerNumber)\(category.rawValue.count)"),
                "purchaseDate": .string(Self.calendarDate(purchase)),
            ],
            "description": .string(description),
        ]
        if flavour == .invalid {
            switch random.int(0...3) {
            case 0: data["customer"] = JSONValue.object(data["customer"]!.objectValue!.merging(["phone": "12345"]) { $1 })
            case 1: data["customer"] = JSONValue.object(data["customer"]!.objectValue!.merging(["location": ["lat": 231.0, "lon": 121.0]]) { $1 })
            case 2: data["description"] = ""
            default: data["product"] = JSONValue.object(data["product"]!.objectValue!.merging(["category": "spaceship", "purchaseDate": "2099-01-01"]) { $1 })
            }
        }
        return data
    }

    static func calendarDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }
}
