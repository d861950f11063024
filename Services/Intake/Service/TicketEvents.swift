import Schema

/// Builds the events intake publishes on `aftersales.tickets`.
enum TicketEvents {
    /// `ticket.opened` for a new ticket: no PII (customer id, region and location only;
    /// the description is already redacted), with the remote guidance when a playbook applies.
    static func opened(_ ticket: NewTicket, includeDescription: Bool) -> TicketOpened {
        let request = ticket.request
        return TicketOpened(
            ticketId: ticket.ticketId,
            requestId: request.requestId,
            kind: request.kind,
            channel: request.channel,
            customerId: request.customer.id,
            region: request.customer.region,
            location: request.customer.location,
            product: TicketOpened.ProductInfo(sku: request.product.sku, category: request.product.category,
                                              model: request.product.model, serialNumber: request.product.serialNumber,
                                              purchaseDate: request.product.purchaseDate.description),
            warranty: TicketOpened.Warranty(status: ticket.warranty.status, expiresOn: ticket.warranty.expiresOn?.description),
            fault: TicketOpened.Fault(category: ticket.fault.category, safetyHazard: ticket.fault.safetyHazard),
            priority: ticket.priority,
            sla: TicketOpened.SLA(respondBy: ticket.sla.respondBy, onSiteBy: ticket.sla.onSiteBy, resolveBy: ticket.sla.resolveBy),
            repeatOf: ticket.repeatOf,
            description: includeDescription ? ticket.description : nil,
            remoteGuidance: ticket.remoteGuidance)
    }
}
