/// Which visit of a ticket is the current one (DESIGN.md "Field flow": a ticket may need
/// several visits; `visit` counts from 1; a reschedule before any visit started is still the
/// first visit).
///
/// A visit is *open* once booked or begun; it *starts* when the technician is on site; it
/// *ends* when it fails, when the technician leaves to wait for parts, or when the ticket
/// changes hands. `visit.scheduled` or `visit.started` after an ended or started visit opens
/// the next one; `visit.scheduled` on a booked visit that has not started moves it.
public struct VisitProgress: Sendable, Hashable {
    /// The current visit's number; 0 before the first.
    public private(set) var number: Int
    /// The technician arrived for the current visit.
    public private(set) var started: Bool
    /// The current visit is over (failed, left for parts, handed over): the next booking or
    /// arrival is a new visit.
    public private(set) var ended: Bool

    public init(number: Int = 0, started: Bool = false, ended: Bool = false) {
        self.number = number
        self.started = started
        self.ended = ended
    }

    /// True when a booking now would only move the current visit.
    public var isReschedule: Bool { number > 0 && !started && !ended }

    /// `visit.scheduled`: moves the current visit, or opens the next. Returns its number.
    @discardableResult
    public mutating func schedule() -> Int {
        if !isReschedule { openNext() }
        return number
    }

    /// `visit.started`: the booked visit begins, or (nothing booked) the next one does.
    @discardableResult
    public mutating func start() -> Int {
        if number == 0 || started || ended { openNext() }
        started = true
        return number
    }

    /// The current visit ends (failed, left for parts, the ticket handed over).
    public mutating func end() {
        if number > 0 { ended = true }
    }

    /// Dispatch books the next visit itself (the backordered parts arrived).
    @discardableResult
    public mutating func bookNext() -> Int {
        openNext()
        return number
    }

    private mutating func openNext() {
        number += 1
        started = false
        ended = false
    }
}
