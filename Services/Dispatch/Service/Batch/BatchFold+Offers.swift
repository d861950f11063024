import Foundation
import Schema
import ServiceRuntime

// MARK: - Offering a ticket

extension BatchFold {
    /// A decline, an acceptance timeout, a return or the technician's deactivation: the next
    /// candidate, never one who was offered the ticket before, or `candidates-exhausted`. The
    /// current visit ends (the next technician's is a new one); a hold goes on.
    mutating func reassign(_ ticket: inout TicketRow, cause: EventCause) {
        if ticket.state == .assigned {
            effects.append(.cancelAcceptance(key: AcceptanceTimer.key(ticketId: ticket.ticketId, attempt: ticket.attempt)))
        }
        if let previous = ticket.technicianId, !ticket.tried.contains(previous) { ticket.tried.append(previous) }
        ticket.technicianId = nil
        ticket.visit.end()
        offer(&ticket, excluding: Set(ticket.tried), exhaustedWhenNone: true, cause: cause)
    }

    /// Where and what the ticket needs, with the certificates valid on today's service day in
    /// its region (the day an offer plans for).
    mutating func site(of ticket: TicketRow) -> TicketSite {
        TicketSite(category: ticket.category, region: ticket.region, location: ticket.location,
                   emergency: ticket.isEmergency, requiredCertificates: requiredCertificates(ticket),
                   visitDay: serviceDay(of: ticket.region))
    }

    /// Ranks the candidates read for the ticket (with their loads on their service day,
    /// this batch's offers included) and assigns the best — the ticket's assignment day
    /// becomes the technician's service day — or marks the ticket unassignable.
    ///
    /// When what was read does not settle the answer (`SearchCoverage`), the fold records
    /// the search it needs and carries on with this provisional answer; the handler runs
    /// the search and folds again. A chosen technician whose row is not locked yet is
    /// recorded in `needs.locks` the same way: the answer is only final over locked counters.
    mutating func offer(_ ticket: inout TicketRow, excluding excluded: Set<String>, exhaustedWhenNone: Bool = false,
                        fallBackToExcluded: Bool = false, cause: EventCause) {
        let site = site(of: ticket)
        let (ids, coverage) = pool.candidates(for: ticket.ticketId)
        var seen: Set<String> = []
        var profiles: [TechnicianProfile] = []
        for id in ids where seen.insert(id).inserted {
            guard var profile = profile(id) else { continue }
            profile.load = load(LoadSlot(technicianId: id, day: serviceDay(of: profile.region)))
            profiles.append(profile)
        }
        // Technicians this batch updated or freed are candidates wherever they are; a freed
        // one must be read by id first (a search row only knows one of their skills).
        for id in batchTechnicians where seen.insert(id).inserted {
            guard isUpdated(id) || pool.isFullyKnown(id), var profile = profile(id) else {
                if !pool.isFullyKnown(id) { needs.lookups.insert(id) }
                continue
            }
            profile.load = load(LoadSlot(technicianId: id, day: serviceDay(of: profile.region)))
            profiles.append(profile)
        }
        let scoring = settings.scoring
        let skilledElsewhere = coverage == .complete && pool.skilled[site.category] == true
        var outcome = scoring.rank(site, technicians: profiles, excluding: excluded, skilledElsewhere: skilledElsewhere)
        if fallBackToExcluded, outcome.best == nil {
            outcome = scoring.rank(site, technicians: profiles, skilledElsewhere: skilledElsewhere)
        }
        recordNeeds(for: ticket, site: site, coverage: coverage, outcome: outcome, exhaustedWhenNone: exhaustedWhenNone)

        if let best = outcome.best, let chosen = profile(best.technicianId) {
            ticket.state = .assigned
            ticket.technicianId = best.technicianId
            ticket.attempt += 1
            ticket.distanceKm = best.distanceKm
            ticket.assignedOn = serviceDay(of: chosen.region)
            emit(TicketAssigned(ticketId: ticket.ticketId, technicianId: best.technicianId,
                                distanceKm: (best.distanceKm * 1000).rounded() / 1000, attempt: ticket.attempt), cause)
            effects.append(.scheduleAcceptance(key: AcceptanceTimer.key(ticketId: ticket.ticketId, attempt: ticket.attempt),
                                               at: now.addingTimeInterval(settings.acceptTimeoutSeconds), cause: cause))
            if !pool.settled.contains(best.technicianId) { needs.locks.insert(best.technicianId) }
        } else {
            var reason: UnassignableCause = .noCapacity
            if case .unassignable(let r) = outcome { reason = r }
            if exhaustedWhenNone { reason = .candidatesExhausted }
            ticket.state = .unassignable
            ticket.technicianId = nil
            ticket.reason = reason.rawValue
            emit(TicketUnassignable(ticketId: ticket.ticketId, reason: reason.rawValue), cause)
        }
    }

    /// What the candidate search still lacks before this ticket's answer is final.
    private mutating func recordNeeds(for ticket: TicketRow, site: TicketSite, coverage: SearchCoverage,
                                      outcome: CandidateScoring.Outcome, exhaustedWhenNone: Bool) {
        switch coverage {
        case .none:
            let search = searchSite(ticket, site)
            if search.cells == nil { needs.complete[ticket.ticketId] = search } else { needs.nearest[ticket.ticketId] = search }
        case .nearest:
            if !coverage.settles(outcome.best) { needs.complete[ticket.ticketId] = searchSite(ticket, site) }
        case .complete:
            // "Nobody has the skill" is only true if nobody anywhere has it.
            if !exhaustedWhenNone, outcome == .unassignable(.noSkill), pool.skilled[ticket.category] == nil {
                needs.skilled.insert(ticket.category)
            }
        }
    }

    private func searchSite(_ ticket: TicketRow, _ site: TicketSite) -> SearchSite {
        SearchSite(ticketId: ticket.ticketId, category: ticket.category, region: ticket.region, location: ticket.location,
                   cells: settings.grid.cells(within: settings.searchRadiusKm, of: ticket.location),
                   requiredCertificates: site.requiredCertificates.sorted(), visitDay: site.visitDay)
    }
}
