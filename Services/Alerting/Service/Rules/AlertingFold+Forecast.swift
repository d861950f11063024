import Foundation

// MARK: Predictive SLA warning (sla-forecast-breach) and repair times

extension AlertingFold {
    /// The ticket as the forecast sees it (category `unknown` for tickets recorded before categories were).
    func forecastTicket(_ ticket: TicketFact) -> ForecastTicket {
        ForecastTicket(ticketId: ticket.ticketId, category: ticket.category ?? "unknown", distanceKm: ticket.distanceKm,
                       onSite: ticket.clock(.onSite), resolve: ticket.clock(.resolve), onSiteAt: ticket.onSiteAt,
                       completedAt: ticket.completedAt, stopped: ticket.stoppedAt != nil, onHold: ticket.isOnHold)
    }

    /// Evaluates the on-site and resolve forecasts of a running ticket now (raising when the
    /// remaining time no longer covers what it needs, before the 80 % mark) and sets the
    /// `sla-forecast` timer for when the shortfall begins.
    mutating func forecast(_ ticket: TicketFact, _ origin: Int) {
        let view = forecastTicket(ticket)
        let estimate = state.repairEstimates[view.category]
        for deadline in SLAForecast.deadlines where ticket.isRunning(deadline) {
            if case .raise(let draft) = SLAForecast.evaluate(view, deadline: deadline, alertOpen: false, estimate: estimate,
                                                             settings: forecastSettings, now: now) {
                raise(draft, origin)
            } else if let check = SLAForecast.checkTime(view, deadline: deadline, estimate: estimate, settings: forecastSettings),
                      check > now {
                schedule(.slaForecast, SLAClock.key(ticketId: ticket.ticketId, deadline: deadline), at: check, origin)
            }
        }
    }

    /// The `sla-forecast` timer came due.
    mutating func forecastDue(_ ticketId: String, _ deadline: SLAClock.Deadline, _ origin: Int) -> InputOutcome {
        guard let ticket = state.tickets[ticketId], ticket.isRunning(deadline) else { return .ignored }
        let view = forecastTicket(ticket)
        guard case .raise(let draft) = SLAForecast.evaluate(view, deadline: deadline, alertOpen: false,
                                                             estimate: state.repairEstimates[view.category],
                                                             settings: forecastSettings, now: now) else { return .ignored }
        raise(draft, origin)
        return .applied
    }

    /// A clock stopped (met or ended): its forecast alert resolves, its forecast timer goes.
    mutating func stopForecast(_ ticketId: String, _ deadline: SLAClock.Deadline, message: String, _ origin: Int) {
        guard SLAForecast.deadlines.contains(deadline) else { return }
        let key = SLAClock.key(ticketId: ticketId, deadline: deadline)
        cancel(.slaForecast, key, origin)
        resolve(SLAForecast.rule, key, message, origin)
    }

    /// Teaches the category's typical repair time with a first-time fix on site.
    mutating func learnRepairTime(_ ticket: TicketFact, completedAt: Date, firstTimeFix: Bool, resolvedRemotely: Bool) {
        guard let category = ticket.category,
              let sample = RepairTimeEstimate.sample(onSiteAt: ticket.onSiteAt, completedAt: completedAt, firstTimeFix: firstTimeFix,
                                                     resolvedRemotely: resolvedRemotely) else { return }
        state.repairEstimates[category] = (state.repairEstimates[category] ?? RepairTimeEstimate()).learning(sample, settings: forecastSettings)
        changedRepairCategories.insert(category)
    }
}
