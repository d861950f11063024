import Foundation
import Schema
import ServiceRuntime
import XCTest
@testable import DispatchService

/// Remote-first window: eligibility, window end, and the state machine.
final class RemoteWindowRulesTests: XCTestCase {
    private let opened = Date(timeIntervalSince1970: 1_795_852_800)
    private let guidance = TicketOpened.RemoteGuidance(playbookId: "wifi-reset", steps: ["restart the router"])
    private let settings = RemoteWindowSettings()

    func testEligibility() {
        XCTAssertTrue(RemoteWindow.isEligible(remoteGuidance: guidance, priority: .normal, safetyHazard: false))
        XCTAssertFalse(RemoteWindow.isEligible(remoteGuidance: nil, priority: .normal, safetyHazard: false))
        XCTAssertFalse(RemoteWindow.isEligible(remoteGuidance: guidance, priority: .emergency, safetyHazard: false))
        XCTAssertFalse(RemoteWindow.isEligible(remoteGuidance: guidance, priority: .high, safetyHazard: true))
    }

    func testWindowDefaultsTo30MinutesAndNeverPassesTheRespondDeadline() {
        XCTAssertEqual(RemoteWindow.windowEnds(openedAt: opened, respondBy: nil, settings: settings), opened.addingTimeInterval(1_800))
        XCTAssertEqual(RemoteWindow.windowEnds(openedAt: opened, respondBy: opened.addingTimeInterval(600), settings: settings),
                       opened.addingTimeInterval(600))
    }

    func testOpening() {
        let hold = RemoteWindow.opening(eligible: true, openedAt: opened, respondBy: nil, now: opened.addingTimeInterval(60), settings: settings)
        XCTAssertEqual(hold.state, .holding)
        XCTAssertEqual(hold.opening, .hold(until: opened.addingTimeInterval(1_800)))
        let late = RemoteWindow.opening(eligible: true, openedAt: opened, respondBy: nil, now: opened.addingTimeInterval(1_800), settings: settings)
        XCTAssertEqual(late.state, .notHeld, "a ticket that arrives after its window is dispatched at once")
        XCTAssertEqual(late.opening, .dispatchNow)
        let ineligible = RemoteWindow.opening(eligible: false, openedAt: opened, respondBy: nil, now: opened, settings: settings)
        XCTAssertEqual(ineligible.opening, .dispatchNow)
        let off = RemoteWindow.opening(eligible: true, openedAt: opened, respondBy: nil, now: opened,
                                       settings: RemoteWindowSettings(windowSeconds: 0))
        XCTAssertEqual(off.opening, .dispatchNow)
    }

    func testStateMachine() {
        XCTAssertEqual(RemoteWindow.next(.holding, on: .resolved).state, .resolvedRemotely)
        XCTAssertEqual(RemoteWindow.next(.holding, on: .resolved).action, .completeRemotely)
        XCTAssertEqual(RemoteWindow.next(.holding, on: .failed).state, .released)
        XCTAssertEqual(RemoteWindow.next(.holding, on: .failed).action, .dispatch)
        XCTAssertEqual(RemoteWindow.next(.holding, on: .windowEnded).action, .dispatch)
        XCTAssertEqual(RemoteWindow.next(.released, on: .windowEnded).action, .ignore, "the timer after a failure does nothing")
        XCTAssertEqual(RemoteWindow.next(.released, on: .failed).action, .ignore)
        XCTAssertEqual(RemoteWindow.next(.resolvedRemotely, on: .resolved).action, .ignore)
        guard case .refuse(let reason) = RemoteWindow.next(.released, on: .resolved).action else { return XCTFail() }
        XCTAssertTrue(reason.contains("already being dispatched"), reason)
        guard case .refuse = RemoteWindow.next(.resolvedRemotely, on: .failed).action else { return XCTFail() }
        guard case .refuse = RemoteWindow.next(.notHeld, on: .resolved).action else { return XCTFail() }
        for state in RemoteWindowState.allCases {
            for event in [RemoteWindow.Event.resolved, .failed, .windowEnded] {
                _ = RemoteWindow.next(state, on: event)  // total: every pair has an answer
            }
        }
    }

    func testSettings() throws {
        XCTAssertEqual(try RemoteWindowSettings(settings: [:]).windowSeconds, 1_800)
        XCTAssertEqual(try RemoteWindowSettings(settings: ["AFTERSALES_DISPATCH_REMOTE_WINDOW_MINUTES": "12.5"]).windowSeconds, 750)
        XCTAssertThrowsError(try RemoteWindowSettings(settings: ["AFTERSALES_DISPATCH_REMOTE_WINDOW_MINUTES": "-1"])) { error in
            XCTAssertEqual((error as? ConfigError)?.variable, "AFTERSALES_DISPATCH_REMOTE_WINDOW_MINUTES")
        }
        XCTAssertThrowsError(try RemoteWindowSettings(settings: ["AFTERSALES_DISPATCH_REMOTE_WINDOW_MINUTES": "soon"]))
    }
}
