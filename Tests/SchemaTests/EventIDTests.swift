import Foundation
import Schema
import XCTest

/// Random event ids are lowercase version-4 UUIDs.
final class EventIDTests: XCTestCase {
    func testIdsAreLowercaseVersion4UUIDs() {
        for _ in 0..<500 {
            let id = EventID.make()
            XCTAssertEqual(id.count, 36)
            XCTAssertEqual(id, id.lowercased())
            let uuid = UUID(uuidString: id)
            XCTAssertNotNil(uuid, id)
            XCTAssertEqual(uuid?.uuidString.lowercased(), id)
            let characters = Array(id)
            XCTAssertEqual(characters[14], "4", id)
            XCTAssertTrue("89ab".contains(characters[19]), id)
            XCTAssertEqual([8, 13, 18, 23].map { characters[$0] }, ["-", "-", "-", "-"])
        }
    }

    func testIdsDoNotRepeat() {
        let ids = (0..<10_000).map { _ in EventID.make() }
        XCTAssertEqual(Set(ids).count, ids.count)
    }
}
