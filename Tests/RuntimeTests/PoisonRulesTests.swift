import Foundation
import Kafka
import Schema
@testable import ServiceRuntime
import XCTest

/// The pure rules behind poison-proof processing: how a publish failure is classified,
/// what a relay round does with each row, the lag estimate, the timer backoff and the
/// validated runtime settings.
final class PoisonRulesTests: XCTestCase {
    private func row(_ id: Int, attempts: Int = 0, topic: String = "aftersales.tickets") -> PendingOutboxRow {
        PendingOutboxRow(id: id, eventId: "event-\(id)", topic: topic, key: "K", value: "{}", attempts: attempts)
    }

    private let delivered: Result<DeliveryReport, KafkaError> = .success(DeliveryReport(topic: "t", partition: 0, offset: 0))
    private let tooLarge = KafkaError(code: 10, message: "Broker: Message size too large")
    private let brokerDown = KafkaError(code: -195, message: "Local: Broker transport failure")
    private let unknownTopic = KafkaError(code: 3, message: "Broker: Unknown topic or partition")

    // MARK: Classification

    func testRowErrorsArePermanentAndClientErrorsTransient() {
        XCTAssertEqual(PublishFailure.classify(tooLarge), .permanent)
        XCTAssertEqual(PublishFailure.classify(KafkaError(code: 17, message: "invalid topic")), .permanent)
        XCTAssertEqual(PublishFailure.classify(KafkaError(code: 18, message: "record list too large")), .permanent)
        XCTAssertEqual(PublishFailure.classify(brokerDown), .transient)
        XCTAssertEqual(PublishFailure.classify(KafkaError(code: -184, message: "queue full")), .transient)
        XCTAssertEqual(PublishFailure.classify(KafkaError(code: -185, message: "timed out")), .transient)
        XCTAssertEqual(PublishFailure.classify(KafkaError(code: -192, message: "message timed out")), .transient)
        XCTAssertEqual(PublishFailure.classify(KafkaError(code: 47, message: "invalid producer epoch")), .transient)
        XCTAssertEqual(PublishFailure.classify(KafkaError(code: 10, message: "fatal", isFatal: true)), .transient,
                       "a fatal producer error is the producer's problem, not the row's")
        XCTAssertEqual(PublishFailure.classify(unknownTopic), .persistent, "retriable for librdkafka, but may stay")
        XCTAssertEqual(PublishFailure.classify(KafkaError(code: -188, message: "Local: Unknown topic")), .persistent)
        XCTAssertEqual(PublishFailure.classify(KafkaError(code: 29, message: "topic authorization failed")), .persistent)
        XCTAssertEqual(PublishFailure.classify(KafkaError(code: 95, message: "something new")), .persistent,
                       "an unexpected broker refusal is retried, then parked, never retried forever")
    }

    // MARK: A relay round

    func testPermanentRefusalIsParkedAndTheRowsAfterItAreSent() {
        let plan = OutboxRoundPlan(rows: [row(1), row(2), row(3)], results: [delivered, .failure(tooLarge), delivered],
                                   maxAttempts: 5)
        XCTAssertEqual(plan.acknowledged, [1, 3])
        XCTAssertEqual(plan.parked.map(\.row.id), [2])
        XCTAssertNil(plan.retry)
        XCTAssertEqual(plan.handled, 3)
    }

    func testTransientFailureStopsAtTheHeadWithoutSkipping() {
        let plan = OutboxRoundPlan(rows: [row(1), row(2), row(3), row(4)],
                                   results: [delivered, .failure(brokerDown), delivered, .failure(tooLarge)], maxAttempts: 5)
        XCTAssertEqual(plan.acknowledged, [1], "row 3 was delivered but comes after the failed row 2: it is sent again later")
        XCTAssertTrue(plan.parked.isEmpty, "nothing after the retried row is decided this round")
        XCTAssertEqual(plan.retry?.row.id, 2)
        XCTAssertEqual(plan.retry?.counts, false, "a transient failure is not counted on the row")
    }

    func testPersistentFailureIsCountedThenParkedAtTheLimit() {
        let counted = OutboxRoundPlan(rows: [row(7, attempts: 3), row(8)], results: [.failure(unknownTopic), delivered],
                                      maxAttempts: 5)
        XCTAssertEqual(counted.retry?.row.id, 7)
        XCTAssertEqual(counted.retry?.counts, true)
        XCTAssertTrue(counted.acknowledged.isEmpty)

        let parked = OutboxRoundPlan(rows: [row(7, attempts: 4), row(8)], results: [.failure(unknownTopic), delivered],
                                     maxAttempts: 5)
        XCTAssertEqual(parked.parked.map(\.row.id), [7], "the fifth failure parks it")
        XCTAssertEqual(parked.acknowledged, [8])
        XCTAssertNil(parked.retry)
    }

    func testDeadLetterNamesTheParkedRowWithoutItsWholeValue() throws {
        let original = Envelope(payload: RequestRejected(requestId: "R-1", reasons: []), source: "intake",
                                correlationId: "corr-1", causationId: nil)
        var refused = row(42, topic: Topic.rejections.name)
        refused.eventId = original.id
        refused.value = String(decoding: original.encoded(), as: UTF8.self) + String(repeating: " ", count: 5_000)
        let envelope = OutboxDeadLetter.envelope(for: refused, error: tooLarge, service: "intake", topicPrefix: "p.",
                                                 now: Date())
        let letter = try envelope.payload(as: MessageDeadLettered.self)
        XCTAssertEqual(letter.service, "intake")
        XCTAssertEqual(letter.topic, "p.aftersales.rejections")
        XCTAssertEqual(letter.key, "K")
        XCTAssertEqual(letter.partition, -1)
        XCTAssertTrue(letter.reason.contains("outbox row 42"), letter.reason)
        XCTAssertTrue(letter.reason.contains(original.id), letter.reason)
        XCTAssertTrue(letter.reason.contains("Message size too large"), letter.reason)
        XCTAssertEqual(Data(base64Encoded: letter.value)?.count, OutboxDeadLetter.valuePrefixBytes)
        XCTAssertEqual(envelope.causationId, original.id)
        XCTAssertEqual(envelope.correlationId, "corr-1")
        XCTAssertLessThan(envelope.encoded().count, 2_000, "small enough for any broker")
        XCTAssertTrue(OutboxDeadLetter.isDeadLetter(row(1, topic: Topic.deadLetters.name)))
    }

    // MARK: Lag

    func testLagComesFromTheRowsReadAndIsCountedAtMostEveryInterval() {
        var lag = OutboxLag(recountInterval: 10)
        let start = Date()
        XCTAssertFalse(lag.afterRound(read: 120, handled: 100, limit: 500, now: start))
        XCTAssertEqual(lag.value, 20, "a partial read saw every pending row")
        XCTAssertTrue(lag.afterRound(read: 500, handled: 500, limit: 500, now: start), "a full read asks for a count")
        lag.counted(4_000, at: start)
        XCTAssertFalse(lag.afterRound(read: 500, handled: 500, limit: 500, now: start.addingTimeInterval(1)))
        XCTAssertEqual(lag.value, 3_500, "between counts the estimate goes down by what was handled")
        XCTAssertTrue(lag.afterRound(read: 500, handled: 500, limit: 500, now: start.addingTimeInterval(11)))
        XCTAssertFalse(lag.afterRound(read: 0, handled: 0, limit: 500, now: start.addingTimeInterval(12)))
        XCTAssertEqual(lag.value, 0, "an empty read means nothing is pending")
        XCTAssertTrue(lag.afterRound(read: 500, handled: 500, limit: 500, now: start.addingTimeInterval(13)),
                      "an empty read is not a count: a burst after an idle spell is counted at once")
    }

    // MARK: Timers

    func testTimerBackoffDoublesIsCappedAndParksAtTheLimit() {
        let policy = TimerRetryPolicy(maxAttempts: 10)
        XCTAssertEqual((1...5).map { policy.delay(afterFailures: $0) }, [1, 2, 4, 8, 16])
        XCTAssertEqual(policy.delay(afterFailures: 30), 300)
        XCTAssertFalse(policy.parks(afterFailures: 9))
        XCTAssertTrue(policy.parks(afterFailures: 10))
    }

    // MARK: Settings

    func testRuntimeSettingsAreValidatedAtStartUp() throws {
        func config(_ settings: [String: String]) -> ServiceConfig {
            ServiceConfig(serviceName: "t", databaseURL: "postgres://x", kafka: KafkaConfig(bootstrapServers: "b", clientId: "c"),
                          settings: settings)
        }
        XCTAssertEqual(try RuntimeSettings(config: config([:])), RuntimeSettings())
        XCTAssertEqual(try RuntimeSettings(config: config(["AFTERSALES_TIMER_MAX_ATTEMPTS": "3"])).timerMaxAttempts, 3)
        XCTAssertThrowsError(try RuntimeSettings(config: config(["AFTERSALES_RETENTION_DAYS": "two weeks"]))) { error in
            XCTAssertEqual((error as? ConfigError)?.variable, "AFTERSALES_RETENTION_DAYS")
        }
        XCTAssertThrowsError(try RuntimeSettings(config: config(["AFTERSALES_TIMER_MAX_ATTEMPTS": "0"]))) { error in
            XCTAssertEqual((error as? ConfigError)?.variable, "AFTERSALES_TIMER_MAX_ATTEMPTS")
        }
    }

    func testMalformedRuntimeSettingStopsTheHostAtStartUp() async throws {
        var config = ServiceConfig(serviceName: "t", databaseURL: "postgres://127.0.0.1:1/none",
                                   kafka: KafkaConfig(bootstrapServers: "127.0.0.1:1", clientId: "c"))
        config.settings["AFTERSALES_OUTBOX_RETENTION_HOURS"] = "1h"
        let host = ServiceHost(config: config, migrations: [], handler: IdleHandler())
        do {
            try await host.run()
            XCTFail("the host started with a malformed setting")
        } catch let error as ConfigError {
            XCTAssertEqual(error.variable, "AFTERSALES_OUTBOX_RETENTION_HOURS")
        }
        XCTAssertFalse(host.isReady)
    }
}

/// A handler that consumes nothing of interest.
struct IdleHandler: EventHandler {
    var subscriptions: [Topic] { [.requests] }
    func handle(_ event: InboundEvent, context: HandlerContext) throws -> HandlingResult { .ignored }
}
