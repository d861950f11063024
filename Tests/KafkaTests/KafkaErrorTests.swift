import Kafka
import XCTest

/// Which errors callers may retry (pure, no broker).
final class KafkaErrorTests: XCTestCase {
    func testTransportTimeoutBrokersDownAndQueueFullAreRetriable() {
        // librdkafka's codes: __TRANSPORT -195, __ALL_BROKERS_DOWN -187, __TIMED_OUT -185, __QUEUE_FULL -184.
        for code: Int32 in [-195, -187, -185, -184] {
            XCTAssertTrue(KafkaError(code: code, message: "x").isRetriable, "code \(code)")
        }
    }

    func testAuthorizationFailuresAndFatalErrorsAreNotRetriable() {
        XCTAssertFalse(KafkaError(code: 29, message: "topic authorization failed").isRetriable)
        let fatal = KafkaError(code: -195, message: "fenced", isFatal: true)
        XCTAssertTrue(fatal.isFatal)
        XCTAssertFalse(fatal.isRetriable, "a fatal error is never retriable")
        XCTAssertTrue(fatal.description.contains("fenced"))
    }
}
