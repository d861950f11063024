import XCTest
@testable import OperatorTool

final class OperatorPlaceholderTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}
