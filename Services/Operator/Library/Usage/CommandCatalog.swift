import Foundation

/// The usage of every command of the `aftersales` tool, in the order `aftersales help` lists them.
public enum CommandCatalog {
    // MARK: Requests

    /// The flags `submit` builds a request from, by flag name.
    public static let submitFieldOptions: [OptionHelp] = [
        OptionHelp("customer-id", "ID", "the customer's id (required)"),
        OptionHelp("name", "NAME", "the customer's name (required)"),
        OptionHelp("phone", "PHONE", "the customer's phone (required)"),
        OptionHelp("address", "ADDRESS", "the customer's address (required)"),
        OptionHelp("region", "REGION", "the customer's region, e.g. shanghai (required)"),
        OptionHelp("lat", "DEGREES", "latitude of the customer's location (required)"),
        OptionHelp("lon", "DEGREES", "longitude of the customer's location (required)"),
        OptionHelp("sku", "SKU", "the product's SKU (required)"),
        OptionHelp("category", "CATEGORY", "the product category, e.g. refrigerator (required)"),
        OptionHelp("model", "MODEL", "the product model (required)"),
        OptionHelp("purchase-date", "YYYY-MM-DD", "when the product was bought (required)"),
        OptionHelp("description", "TEXT", "what is wrong, in the customer's words (required)"),
        OptionHelp("serial", "SERIAL", "the product's serial number"),
        OptionHelp("channel", "CHANNEL", "hotline (default), web, app, wechat, store, erp or crm"),
        OptionHelp("kind", "KIND", "repair (default), installation, maintenance or complaint"),
        OptionHelp("preferred-time", "TIME", "when the customer would like the visit (RFC 3339)"),
        OptionHelp("request-id", "ID", "the request id (default: a new REQ-YYYYMMDD-… id)"),
        OptionHelp("correlation-id", "ID", "the envelope's correlation id (default: the request id)"),
    ]

    public static let submit = CommandHelp(
        name: "submit", summary: "submit a request from a JSON file, standard input or flags",
        synopsis: [
            "aftersales submit FILE|- [--wait] [--timeout 30s]",
            "aftersales submit --customer-id C --name N --phone P --address A --region R --lat X --lon Y",
            "                  --sku S --category C --model M --purchase-date YYYY-MM-DD --description D",
            "                  [--channel hotline] [--kind repair] [--serial S] [--wait] [--timeout 30s]",
        ],
        options: [
            OptionHelp("file", "FILE", "the request as JSON (same as the FILE argument; - for standard input)"),
            OptionHelp.flag("wait", "wait for the platform's answer and print the opened ticket or the rejection"),
            OptionHelp("timeout", "DURATION", "how long --wait waits (default 30s)"),
        ] + submitFieldOptions,
        notes: [
            "FILE holds a request.submitted envelope or just its data object; a missing requestId is generated.",
            "Prints the request id. Exit codes: 0 submitted (with --wait: ticket opened), 1 rejected, no answer or broker unreachable, 64 bad usage.",
        ])

    // MARK: Views

    public static let watch = CommandHelp(
        name: "watch", summary: "follow topics live, one line per event",
        synopsis: ["aftersales watch [TOPIC…] [--from-beginning] [--json] [--ticket ID] [--type T] [--source S] [--duration 0]"],
        options: [
            OptionHelp.flag("from-beginning", "read each topic from its start instead of from now"),
            OptionHelp.flag("json", "print each event's envelope as one line of JSON"),
            OptionHelp("ticket", "ID", "only events naming these tickets (repeatable, comma-separated)"),
            OptionHelp("type", "TYPE", "only these event types; ticket.* for a family (repeatable)"),
            OptionHelp("source", "SOURCE", "only events from these sources (repeatable)"),
            OptionHelp("duration", "DURATION", "stop after this long (default 0: until Ctrl-C)"),
            OptionHelp.flag("color", "colour the event types even when not on a terminal"),
            OptionHelp.flag("no-color", "never colour"),
        ],
        notes: [
            "TOPIC is a topic name with or without the aftersales. prefix (tickets, aftersales.alerts); default: every topic.",
            "Customer names, phones and addresses are never printed. Stops on Ctrl-C or when the output is closed (aftersales watch | head).",
        ])

    public static let ticket = CommandHelp(
        name: "ticket", summary: "one ticket's timeline with its SLA deadlines",
        synopsis: ["aftersales ticket ID [--json]"],
        options: [OptionHelp.flag("json", "print the ticket's events as JSON lines")],
        notes: ["Exit codes: 0 found, 1 no event names the ticket or broker unreachable, 64 bad usage."])

    public static let alerts = CommandHelp(
        name: "alerts", summary: "open alerts by severity",
        synopsis: ["aftersales alerts [--all] [--json]"],
        options: [OptionHelp.flag("all", "include resolved alerts"), OptionHelp.flag("json", "print the alert events as JSON lines")])

    public static let kpis = CommandHelp(
        name: "kpis", summary: "the latest KPI snapshot per window, or a league table by region, provider or category",
        synopsis: [
            "aftersales kpis [--json]",
            "aftersales kpis --by region|provider|category [--window last-7-days] [--min-tickets 10] [--json]",
        ],
        options: [
            OptionHelp("by", "DIMENSION", "rank the latest cuts by region, provider or category (a league table)"),
            OptionHelp("window", "WINDOW", "with --by: last-hour, today or last-7-days (default last-7-days)"),
            OptionHelp("min-tickets", "N", "with --by: fewer completed tickets are listed unranked (default 10)"),
            OptionHelp.flag("json", "print the figures as one JSON object (figure → window → value); with --by, the table"),
        ],
        notes: [
            "Without --by: the network-wide figures of the latest kpi.snapshot of each window.",
            "With --by: the cuts of the window's latest snapshot, ranked by the composite score (0…1, higher is better): the weighted mean of SLA compliance (35 %), first-time-fix rate (25 %), CSAT (25 %) and 1 − complaints per ticket (15 %); a KPI without data is left out and the other weights scaled up; equal scores share a rank; more tickets, then the name, order them.",
        ])

    public static let settlement = CommandHelp(
        name: "settlement", summary: "a provider's monthly settlement statement",
        synopsis: ["aftersales settlement --provider P --month YYYY-MM [--json]"],
        options: [
            OptionHelp("provider", "P", "the provider id (required)"),
            OptionHelp("month", "YYYY-MM", "the month the statement is for (required)"),
            OptionHelp.flag("json", "print the statement's payload as one line of JSON"),
        ],
        notes: [
            "Prints the latest settlement.statement on aftersales.kpis for the provider and month: visits, settleable, held back, amount and currency, then one line per ticket (ticket, amount, status settleable or evidence-missing).",
            "Exit codes: 0 printed, 1 no statement for that provider and month (or broker unreachable), 64 bad usage.",
        ])

    public static let complaints = CommandHelp(
        name: "complaints", summary: "list complaints, take one, resolve one",
        synopsis: [
            "aftersales complaints [list] [--all]",
            "aftersales complaints take ID [--operator NAME]",
            "aftersales complaints resolve ID --note TEXT",
        ],
        options: [
            OptionHelp.flag("all", "list: include resolved complaints"),
            OptionHelp("operator", "NAME", "take: who investigates"),
            OptionHelp("note", "TEXT", "resolve: what was done (required)"),
        ],
        notes: ["take and resolve publish complaint.investigating / complaint.resolved on aftersales.survey-responses."])

    public static let simulate = CommandHelp(
        name: "simulate", summary: "generate traffic as the outside systems would",
        synopsis: ["aftersales simulate [--rate 2] [--duration 60s] [--seed 42] [--pace 1] [--no-seed]"],
        options: [
            OptionHelp("rate", "N", "new requests per second (default 2)"),
            OptionHelp("duration", "DURATION", "how long to submit requests (default 60s; 0: until Ctrl-C)"),
            OptionHelp("seed", "N", "random seed (default 42)"),
            OptionHelp("invalid", "SHARE", "share of invalid requests, 0…1 (default 0.05)"),
            OptionHelp("duplicates", "SHARE", "share of duplicated requests (default 0.03)"),
            OptionHelp("emergencies", "SHARE", "share of emergencies (default 0.05)"),
            OptionHelp("declines", "SHARE", "share of declined assignments (default 0.1)"),
            OptionHelp("unhappy", "SHARE", "share of unhappy customers (default 0.15)"),
            OptionHelp("pace", "FACTOR", "multiplies every simulated delay (default 1)"),
            OptionHelp.flag("no-seed", "do not seed technicians, warehouses, parts and stock"),
        ],
        notes: [
            "Seeds the roster (three authorised providers with visit rates; 48 technicians, those of the providers' cities partly theirs, with refrigerant, electrical and gas certificates for the work that needs them, some expiring, some lapsed; in Chengdu every gas and electrical certificate lapsed, so dispatch finds no certified technician for its kitchen appliances and water heaters) and stock, submits requests, answers what the platform publishes, prints a summary.",
            "Besides the plain story it plays the December flows: returned assignments, visits started straight after acceptance, reschedules (requestedBy), failed visits and the second visit, completion evidence (sometimes without signature or serials), payments of chargeable invoices (some in two instalments), the contact centre's remote.resolved / remote.failed for tickets with remote guidance, and the supervisor's audit.recorded (some failing with findings). The same --seed plays the same choices.",
            "It sends nothing before its consumer has joined and found the end of every partition it reads (so the first tickets are not missed), and nothing more on a ticket whose customer is cancelling: it produces no dead letters of its own.",
        ])

    public static let dashboard = CommandHelp(
        name: "dashboard", summary: "a refreshing KPI and alert summary; --stream: the live view of make run",
        synopsis: ["aftersales dashboard [--refresh 2]", "aftersales dashboard --stream [--refresh 2] [--note TEXT]"],
        options: [
            OptionHelp("refresh", "SECONDS", "seconds between redraws, or between summary blocks when piped (default 2)"),
            OptionHelp.flag("stream", "a summary of everything so far (tickets, field and December flows, money, open alerts by severity, the last KPI snapshot, dead letters) above the most recent events, one line each"),
            OptionHelp("note", "TEXT", "--stream: a line under the title, e.g. where the operator console is"),
        ],
        notes: [
            "Without --stream: the latest network-wide KPIs and the open alerts, redrawn.",
            "On a terminal the screen is redrawn with ANSI codes; when standard output is not a terminal (make run | tee log) nothing is redrawn and no escape code is printed: --stream prints a plain summary block every --refresh seconds and each new event as one line; without --stream the summary is printed again every --refresh seconds.",
        ])

    public static let topics = CommandHelp(
        name: "topics", summary: "every topic with its partitions, key and event types",
        synopsis: ["aftersales topics"])

    // MARK: Dead letters

    public static let deadLetters = CommandHelp(
        name: "dead-letters", summary: "list, inspect and replay dead letters",
        synopsis: [
            "aftersales dead-letters [list] [--service S] [--topic T] [--since 2h] [--json]",
            "aftersales dead-letters show ID",
            "aftersales dead-letters replay ID…",
        ],
        options: [
            OptionHelp("service", "SERVICE", "list: only those of this service (repeatable)"),
            OptionHelp("topic", "TOPIC", "list: only those whose original was on this topic (repeatable)"),
            OptionHelp("since", "WHEN", "list: only newer ones: a duration back (90m, 2h, 3d), a date or an RFC 3339 time"),
            OptionHelp.flag("json", "list: one JSON object per dead letter (never the original value)"),
        ],
        notes: [
            "list reads aftersales.dead-letters to its end: one line per dead letter with its id, service, original position, key, length and SHA-256 of the original, and the reason. It never prints the original.",
            "show prints one dead letter whole: reason, position, key and the original decoded (pretty JSON when it parses; customer name, phone and address masked). ID is a dead letter's event id or a unique prefix of 8 or more characters.",
            "replay republishes each original to its original topic as a new event (new id, causationId = the dead letter's id, same type, data and correlationId, the original key), so consumers do not take it for a duplicate. It refuses (exit 1, nothing published) when an ID is unknown, an original was truncated, masked or is not an event envelope.",
        ])

    // MARK: Help

    public static let help = CommandHelp(
        name: "help", summary: "this overview, or one command's usage",
        synopsis: ["aftersales help [COMMAND]", "aftersales COMMAND --help"])

    /// Every command, in the order the overview lists them.
    public static let all: [CommandHelp] = [submit, watch, ticket, alerts, kpis, settlement, complaints, simulate, dashboard,
                                            topics, deadLetters, console, SchemaCommand.help, MetricsCommand.help, help]

    /// The command with this name, or nil.
    public static func named(_ name: String) -> CommandHelp? { all.first { $0.name == name } }

    /// `aftersales help` and `aftersales --help`: every command with its summary.
    public static var overview: String {
        let width = all.map(\.name.count).max() ?? 0
        let commands = all.map { "  \($0.name.padding(toLength: width, withPad: " ", startingAt: 0))  \($0.summary)" }
        return """
        aftersales — the AfterSales operator and integration tool

        usage: aftersales COMMAND [ARGUMENTS] [OPTIONS]

        commands:
        \(commands.joined(separator: "\n"))

        Run 'aftersales COMMAND --help' (or -h) for a command's usage and options.

        Environment: KAFKA_BOOTSTRAP_SERVERS (default 127.0.0.1:19092), KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_*,
        KAFKA_SSL_CA_LOCATION, AFTERSALES_TOPIC_PREFIX.
        Exit codes: 0 done, 1 failed (broker unreachable, unknown ticket, rejected request, refused replay), 64 bad usage.
        """
    }
}
