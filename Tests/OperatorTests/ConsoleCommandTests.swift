import Foundation
@testable import OperatorTool
import XCTest

/// `aftersales console`'s command line and the hosts it answers to.
final class ConsoleCommandTests: XCTestCase {
    func testOptions() throws {
        XCTAssertEqual(try OperatorCommand.parse(["console"]), .console(ConsoleOptions(port: 8080, bind: "127.0.0.1", streamSeconds: 300)))
        XCTAssertEqual(try OperatorCommand.parse(["console", "--port", "0", "--bind", "0.0.0.0", "--stream-seconds", "2"]),
                       .console(ConsoleOptions(port: 0, bind: "0.0.0.0", streamSeconds: 2)))
        for words in [["console", "--port", "70000"], ["console", "--bind", "localhost"], ["console", "--bind", "::1"],
                      ["console", "extra"], ["console", "--stream-seconds", "0"]] {
            XCTAssertThrowsError(try OperatorCommand.parse(words), "\(words)") { error in
                XCTAssertEqual((error as? UsageError)?.command, "console")
            }
        }
        XCTAssertNotNil(CommandCatalog.named("console"))
        XCTAssertTrue(CommandCatalog.overview.contains("  console"))
    }

    func testAllowedHosts() {
        XCTAssertEqual(ConsoleCommand.allowedHosts(bind: "127.0.0.1", port: 8080), ["127.0.0.1:8080", "localhost:8080"])
        XCTAssertEqual(ConsoleCommand.allowedHosts(bind: "10.0.0.5", port: 80), ["10.0.0.5:80", "10.0.0.5"])
        XCTAssertNil(ConsoleCommand.allowedHosts(bind: "0.0.0.0", port: 8080), "every address: any host name")
    }

    func testAPortInUseIsASentence() throws {
        let first = ConsoleServer(bind: "127.0.0.1", port: 0)
        try first.start()
        defer { first.stop() }
        let second = ConsoleServer(bind: "127.0.0.1", port: first.boundPort)
        XCTAssertThrowsError(try second.start()) { error in
            XCTAssertTrue("\(error)".contains("cannot listen on 127.0.0.1:\(first.boundPort)"), "\(error)")
        }
        XCTAssertThrowsError(try ConsoleServer(bind: "192.0.2.1", port: 0).start()) { error in
            XCTAssertTrue("\(error)".contains("not an address of this machine"), "\(error)")
        }
    }
}
