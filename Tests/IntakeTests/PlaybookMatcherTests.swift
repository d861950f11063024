import Schema
import XCTest
@testable import IntakeService

/// Which playbook applies to a new ticket, and in which language its steps are given.
final class PlaybookMatcherTests: XCTestCase {
    private let library = PlaybookLibrary.standard

    private func match(_ category: ProductCategory, _ faultClass: FaultCategory, hazard: Bool = false,
                       priority: Priority = .normal) -> String? {
        PlaybookMatcher.match(library, category: category, faultClass: faultClass, safetyHazard: hazard, priority: priority)?.id
    }

    func testCategoryAndFaultClassSelectThePlaybook() {
        XCTAssertEqual(match(.smartSpeaker, .network), "smart-speaker-network")
        XCTAssertEqual(match(.smartLock, .network), "smart-lock-network")
        XCTAssertEqual(match(.robotVacuum, .network), "connected-appliance-network")
        XCTAssertEqual(match(.refrigerator, .network), "connected-appliance-network")
        XCTAssertEqual(match(.smartSpeaker, .software), "smart-device-software")
        XCTAssertEqual(match(.washingMachine, .software), "appliance-control-software")
        XCTAssertEqual(match(.waterHeater, .hardware), "water-heater-no-heat")
        XCTAssertEqual(match(.airConditioner, .hardware), "air-conditioner-basic-checks")
        XCTAssertEqual(match(.rangeHood, .hardware), "range-hood-basic-checks")
    }

    func testNoPlaybookForOtherPairs() {
        XCTAssertNil(match(.refrigerator, .hardware))
        XCTAssertNil(match(.smartSpeaker, .unknown))
        XCTAssertNil(match(.smartLock, .userDamage))
        XCTAssertNil(match(.airConditioner, .installation))
        for category in [ProductCategory.furniture, .doorsWindows, .flooring, .tiles, .sanitaryWare, .homeDecor] {
            for faultClass in FaultCategory.allCases { XCTAssertNil(match(category, faultClass), "\(category) \(faultClass)") }
        }
        XCTAssertNil(PlaybookMatcher.match(.empty, category: .smartSpeaker, faultClass: .network, safetyHazard: false,
                                           priority: .normal))
    }

    func testSafetyHazardsAndEmergenciesNeverGetRemoteGuidance() {
        for priority in Priority.allCases {
            XCTAssertNil(match(.rangeHood, .hardware, hazard: true, priority: priority), "\(priority)")
            XCTAssertNil(match(.waterHeater, .hardware, hazard: true, priority: priority), "\(priority)")
        }
        XCTAssertNil(match(.smartSpeaker, .network, priority: .emergency))
        for priority in [Priority.high, .normal, .low] { XCTAssertEqual(match(.smartSpeaker, .network, priority: priority),
                                                                         "smart-speaker-network") }
    }

    func testAPlaybookMayBeLimitedToSomePriorities() {
        let steps = [PlaybookStep(zh: "重启。", en: "Restart.")]
        let custom = PlaybookLibrary(version: 1, playbooks: [
            Playbook(id: "quiet", version: 2, categories: [.smartLock], faultClasses: [.network], priorities: [.low], steps: steps),
        ])
        func quiet(_ priority: Priority) -> String? {
            PlaybookMatcher.match(custom, category: .smartLock, faultClass: .network, safetyHazard: false, priority: priority)?.id
        }
        XCTAssertEqual(quiet(.low), "quiet")
        XCTAssertNil(quiet(.normal))
        XCTAssertNil(quiet(.high))
    }

    func testGuidanceCarriesTheVersionedIdAndStepsInTheRequestLanguage() throws {
        let chinese = try XCTUnwrap(PlaybookMatcher.guidance(library, category: .smartSpeaker, faultClass: .network,
                                                             safetyHazard: false, priority: .normal,
                                                             description: "音箱连不上WiFi"))
        let playbook = try XCTUnwrap(library.playbook(category: .smartSpeaker, faultClass: .network))
        XCTAssertEqual(chinese.playbookId, "smart-speaker-network@\(playbook.version)")
        XCTAssertEqual(chinese.steps, playbook.steps.map(\.zh))
        let english = try XCTUnwrap(PlaybookMatcher.guidance(library, category: .smartSpeaker, faultClass: .network,
                                                             safetyHazard: false, priority: .normal,
                                                             description: "The speaker keeps dropping off the WiFi"))
        XCTAssertEqual(english.steps, playbook.steps.map(\.en))
        XCTAssertNil(PlaybookMatcher.guidance(library, category: .smartSpeaker, faultClass: .network, safetyHazard: true,
                                              priority: .emergency, description: "音箱冒烟"))
        // What intake emits passes the schema's own bounds.
        XCTAssertTrue(library.playbooks.allSatisfy { $0.versionedId.unicodeScalars.count <= SchemaLimits.maxIdentifierLength })
    }

    func testLanguageOfTheRequest() {
        XCTAssertEqual(GuidanceLanguageRule.language(of: "门锁连不上WiFi，一直离线"), .chinese)
        XCTAssertEqual(GuidanceLanguageRule.language(of: "My speaker 连不上 the WiFi"), .chinese)
        XCTAssertEqual(GuidanceLanguageRule.language(of: "門鎖連不上網路"), .chinese, "traditional characters")
        XCTAssertEqual(GuidanceLanguageRule.language(of: "\u{20BB7}"), .chinese, "an ideograph outside the BMP")
        XCTAssertEqual(GuidanceLanguageRule.language(of: "The speaker is offline"), .english)
        XCTAssertEqual(GuidanceLanguageRule.language(of: "Ｅ１ 错误"), .chinese)
        XCTAssertEqual(GuidanceLanguageRule.language(of: "Ｅ１ error！"), .english, "full-width Latin is not Chinese")
        XCTAssertEqual(GuidanceLanguageRule.language(of: ""), .english)
    }
}
