import Foundation
import XCTest

/// Polls `condition` until it holds or `timeout` passes; on timeout the test FAILS (it never
/// carries on silently) with `message`. Returns whether the condition held. Errors thrown by
/// the condition count as "not yet".
@discardableResult
public func eventually(timeout: TimeInterval = 30, pollEvery interval: TimeInterval = 0.1,
                       _ message: @autoclosure () -> String = "condition not met in time",
                       file: StaticString = #filePath, line: UInt = #line,
                       _ condition: () throws -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
        if (try? condition()) == true { return true }
        if Date() >= deadline {
            XCTFail("timed out after \(timeout) s: \(message())", file: file, line: line)
            return false
        }
        Thread.sleep(forTimeInterval: interval)
    }
}

/// Polls `read` until `accept` holds for its value or `timeout` passes; returns the last value
/// read (the test fails on timeout, as with `eventually`).
public func eventually<T>(timeout: TimeInterval = 30, pollEvery interval: TimeInterval = 0.1,
                          _ message: @autoclosure () -> String = "value not reached in time",
                          file: StaticString = #filePath, line: UInt = #line,
                          read: () throws -> T, until accept: (T) -> Bool) -> T? {
    let deadline = Date().addingTimeInterval(timeout)
    var last: T?
    while true {
        if let value = try? read() {
            last = value
            if accept(value) { return value }
        }
        if Date() >= deadline {
            XCTFail("timed out after \(timeout) s: \(message()) (last: \(last.map { "\($0)" } ?? "none"))",
                    file: file, line: line)
            return last
        }
        Thread.sleep(forTimeInterval: interval)
    }
}
