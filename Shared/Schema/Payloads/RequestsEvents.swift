import Foundation

/// A customer asks for service (contact centre, web, app, ERP/CRM). Inbound: enum-like
/// fields stay text and are checked by `validate()`, so each bad field yields its own error.
/// Deeper checks (phone format, purchase date in the past, description length) are intake's.
public struct RequestSubmitted: EventPayload, Hashable {
    public static let eventType = EventType.requestSubmitted
    public static let topic = Topic.requests

    /// The caller's id for this request; also the correlation id of the whole story.
    public var requestId: String
    /// Where it came from: a `Channel` raw value (kept as text so a bad value is a field error).
    public var channel: String
    /// What is asked for: a `RequestKind` raw value.
    public var kind: String
    /// Who and where; the only event carrying PII.
    public var customer: Customer
    /// The product concerned.
    public var product: Product
    /// The customer's words (Chinese or English).
    public var description: String
    /// Free-text preferred visit time, if given.
    public var preferredTime: String?

    public init(
        requestId: String,
        channel: String,
        kind: String,
        customer: Customer,
        product: Product,
        description: String,
        preferredTime: String? = nil
    ) {
        self.requestId = requestId
        self.channel = channel
        self.kind = kind
        self.customer = customer
        self.product = product
        self.description = description
        self.preferredTime = preferredTime
    }

    public var messageKey: String { requestId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(requestId, "requestId")
        checks.oneOf(channel, Channel.self, "channel")
        checks.oneOf(kind, RequestKind.self, "kind")
        checks.identifier(customer.id, "customer.id")
        checks.maxLength(customer.name, SchemaLimits.maxNameLength, "customer.name")
        checks.maxLength(customer.phone, SchemaLimits.maxNameLength, "customer.phone")
        checks.maxLength(customer.address, SchemaLimits.maxTextLength, "customer.address")
        checks.maxLength(customer.region, SchemaLimits.maxNameLength, "customer.region")
        checks.location(customer.location, "customer.location")
        checks.identifier(product.sku, "product.sku")
        checks.oneOf(product.category, ProductCategory.self, "product.category")
        checks.maxLength(product.model, SchemaLimits.maxNameLength, "product.model")
        checks.optionalName(product.serialNumber, "product.serialNumber")
        checks.calendarDate(product.purchaseDate, "product.purchaseDate")
        checks.maxLength(description, SchemaLimits.maxTextLength, "description")
        checks.optionalName(preferredTime, "preferredTime")
        return checks.errors
    }

    /// `channel` as a vocabulary value, when valid.
    public var channelValue: Channel? { Channel(rawValue: channel) }
    /// `kind` as a vocabulary value, when valid.
    public var kindValue: RequestKind? { RequestKind(rawValue: kind) }

    /// The customer: identity, contact and where the product is.
    public struct Customer: Codable, Sendable, Hashable {
        public var id: String
        public var name: String
        public var phone: String
        public var address: String
        public var region: String
        public var location: GeoPoint

        public init(id: String, name: String, phone: String, address: String, region: String, location: GeoPoint) {
            self.id = id
            self.name = name
            self.phone = phone
            self.address = address
            self.region = region
            self.location = location
        }
    }

    /// The product as the customer or CRM describes it.
    public struct Product: Codable, Sendable, Hashable {
        public var sku: String
        /// A `ProductCategory` raw value (text so that a bad value is a field error).
        public var category: String
        public var model: String
        public var serialNumber: String?
        /// "YYYY-MM-DD".
        public var purchaseDate: String

        public init(sku: String, category: String, model: String, serialNumber: String? = nil, purchaseDate: String) {
            self.sku = sku
            self.category = category
            self.model = model
            self.serialNumber = serialNumber
            self.purchaseDate = purchaseDate
        }

        /// `category` as a vocabulary value, when valid.
        public var categoryValue: ProductCategory? { ProductCategory(rawValue: category) }
    }
}

/// The customer or CRM withdraws a request.
public struct RequestCancelled: EventPayload, Hashable {
    public static let eventType = EventType.requestCancelled
    public static let topic = Topic.requests

    /// The request to cancel.
    public var requestId: String
    /// Why.
    public var reason: String

    public init(requestId: String, reason: String) {
        self.requestId = requestId
        self.reason = reason
    }

    public var messageKey: String { requestId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(requestId, "requestId")
        checks.maxLength(reason, SchemaLimits.maxTextLength, "reason")
        return checks.errors
    }
}

/// Intake refused a request; every bad field is listed.
public struct RequestRejected: EventPayload, Hashable {
    public static let eventType = EventType.requestRejected
    public static let topic = Topic.rejections

    /// The rejected request.
    public var requestId: String
    /// One entry per bad field.
    public var reasons: [FieldError]

    public init(requestId: String, reasons: [FieldError]) {
        self.requestId = requestId
        self.reasons = reasons
    }

    public var messageKey: String { requestId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        // The request id may be what was wrong, so only its length is bounded.
        checks.maxLength(requestId, SchemaLimits.maxIdentifierLength, "requestId")
        checks.maxCount(reasons.count, SchemaLimits.maxListCount, "reasons")
        return checks.errors
    }
}
