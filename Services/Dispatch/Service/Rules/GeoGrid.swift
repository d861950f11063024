import Foundation
import Schema

/// A latitude/longitude grid of square cells (in degrees) for the candidate search: every
/// technician is filed under the cell of their home location, so finding everyone within a
/// radius of a ticket means looking up a handful of cells instead of scanning the country.
///
/// Cells are `cellKm / 111.195` degrees on each side (a degree of latitude on the
/// 6,371.0088 km sphere `GeoPoint.distanceKm` uses). A cell is identified by one integer,
/// `row × 1,000,000 + column`, with rows counted from the south pole and columns from the
/// antimeridian.
public struct GeoGrid: Sendable, Hashable {
    /// The side of a cell, at the equator, in kilometres (at least 1).
    public let cellKm: Double

    static let earthRadiusKm = 6371.0088
    static let kmPerDegree = earthRadiusKm * Double.pi / 180
    /// Beyond this many cells a radius search is not worth it (polar regions): `cells` gives nil.
    public static let maxCellsPerSearch = 400

    public init(cellKm: Double) {
        self.cellKm = max(1, cellKm.isFinite ? cellKm : 1)
    }

    /// The side of a cell in degrees.
    public var cellDegrees: Double { cellKm / Self.kmPerDegree }

    var columns: Int64 { Int64((360 / cellDegrees).rounded(.up)) }
    var rows: Int64 { Int64((180 / cellDegrees).rounded(.up)) }

    /// The cell holding `point`.
    public func cell(of point: GeoPoint) -> Int64 {
        key(row: row(of: point.lat), column: column(of: point.lon))
    }

    /// Every cell that may hold a point within `radiusKm` (great-circle) of `point`, or nil
    /// when that area is too large to enumerate (near the poles): the caller then falls back
    /// to a wider search.
    public func cells(within radiusKm: Double, of point: GeoPoint) -> [Int64]? {
        guard radiusKm.isFinite, radiusKm >= 0 else { return nil }
        let angle = radiusKm / Self.earthRadiusKm
        guard angle < Double.pi / 2 else { return nil }
        // A small margin so that rounding never leaves a boundary point outside.
        let dLat = angle * 180 / Double.pi * 1.0001 + 1e-9
        let south = point.lat - dLat, north = point.lat + dLat
        guard south > -90, north < 90 else { return nil }
        let latitude = point.lat * Double.pi / 180
        let ratio = sin(angle) / cos(latitude)
        guard ratio < 1 else { return nil }
        // The widest longitude a spherical cap of this radius reaches.
        let dLon = asin(ratio) * 180 / Double.pi * 1.0001 + 1e-9
        guard dLon < 180 else { return nil }
        let firstRow = row(of: south), lastRow = row(of: north)
        let columnRanges = self.columnRanges(west: point.lon - dLon, east: point.lon + dLon)
        let width = columnRanges.reduce(Int64(0)) { $0 + $1.upperBound - $1.lowerBound + 1 }
        guard (lastRow - firstRow + 1) * width <= Int64(Self.maxCellsPerSearch) else { return nil }
        var result: [Int64] = []
        for row in firstRow...lastRow {
            for range in columnRanges {
                for column in range { result.append(key(row: row, column: column)) }
            }
        }
        return result
    }

    /// The columns between two longitudes, split in two where they cross the antimeridian.
    private func columnRanges(west: Double, east: Double) -> [ClosedRange<Int64>] {
        if west < -180 {
            return [column(of: west + 360)...(columns - 1), 0...column(of: east)]
        }
        if east > 180 {
            return [column(of: west)...(columns - 1), 0...column(of: east - 360)]
        }
        return [column(of: west)...column(of: east)]
    }

    // MARK: Indexes

    private func key(row: Int64, column: Int64) -> Int64 { row * 1_000_000 + column }

    private func row(of lat: Double) -> Int64 {
        min(max(0, Int64(((lat + 90) / cellDegrees).rounded(.down))), rows - 1)
    }

    private func column(of lon: Double) -> Int64 {
        min(max(0, Int64(((lon + 180) / cellDegrees).rounded(.down))), columns - 1)
    }
}
