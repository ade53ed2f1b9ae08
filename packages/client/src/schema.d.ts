// Generated from docs/openapi.json by `npm run client` (openapi-typescript). Do not edit.
export interface paths {
    "/api/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Exchange email and password for a token */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The current user */
        get: operations["getCurrentUser"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Register a user account (role user) and receive a token */
        post: operations["register"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/bookings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's bookings (admin: everyone's), newest first; filter by status and event_id */
        get: operations["listBookings"];
        put?: never;
        /** Request tickets: queued at once (202); poll the Location, or send Prefer: wait=N to wait for the outcome. 409 SOLD_OUT at once when the event is known to be sold out (nothing queued); 503 QUEUE_FULL with Retry-After while the queue is full */
        post: operations["createBooking"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/bookings/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A booking in its current status (owner or admin); while queued, queue.ahead and queue.eta_seconds estimate its place, and Retry-After says when to poll again */
        get: operations["getBooking"];
        put?: never;
        post?: never;
        /** Delete a booking (owner or admin); tickets it held go back to the event */
        delete: operations["deleteBooking"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/bookings/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Cancel (owner or admin); held tickets go back to the event */
        put: operations["cancelBooking"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/bookings/{id}/confirm-payment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Confirm payment for a pending hold (owner or admin); 409 HOLD_EXPIRED after expires_at */
        put: operations["confirmPayment"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/bookings/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The booking's status as Server-Sent Events (owner or admin): a "status" event at once, then one per change until rejected, cancelled or expired; Last-Event-ID resumes */
        get: operations["streamBookingStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/bookings/{id}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Set a status: cancelled (owner or admin, from pending or confirmed) or confirmed (admin, from pending) */
        patch: operations["setBookingStatus"];
        trace?: never;
    };
    "/api/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List events by date (public); q searches name and location, from/to bound event_date */
        get: operations["listEvents"];
        put?: never;
        /** Create an event (admin): with categories (1..20), or with ticket_price and total_tickets (one category, "General admission") */
        post: operations["createEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get an event (public) */
        get: operations["getEvent"];
        /** Update an event (admin); total_tickets moves available_tickets by the same amount */
        put: operations["updateEvent"];
        post?: never;
        /** Delete an event without pending or confirmed bookings (admin) */
        delete: operations["deleteEvent"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events/{id}/categories": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a ticket category to an event (admin; at most 20; names unique within the event) */
        post: operations["createCategory"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events/{id}/categories/{categoryId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Change a ticket category (admin); capacity moves available by the same amount, never below what is held (409 CAPACITY_BELOW_HELD) */
        put: operations["updateCategory"];
        post?: never;
        /** Delete a ticket category that holds no tickets (admin; 409 CATEGORY_IN_USE, or LAST_CATEGORY for the only one) */
        delete: operations["deleteCategory"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events/{id}/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Sales figures of an event (admin), per category and in total: capacity, available, held, sold, revenue, bookings by status, rejections by reason, waiting list, decisions in the last minute, queued requests, first sell-out */
        get: operations["getEventStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events/{id}/waitlist": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An event's waiting list in order (admin), with how many entries are in each status */
        get: operations["listWaitlist"];
        put?: never;
        /** Join a sold-out category's waiting list (category_id may be omitted on an event with one category); freed tickets are offered in order as a pending booking */
        post: operations["joinWaitlist"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events/{id}/waitlist/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's waiting-list entries for the event, with their positions and offers */
        get: operations["myWaitlistEntries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events/{id}/waitlist/me/{entryId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Leave a waiting list; an offer already made is cancelled and its tickets go to the next in line */
        delete: operations["leaveWaitlist"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List users (admin) */
        get: operations["listUsers"];
        put?: never;
        /** Create a user with any role (admin) */
        post: operations["createUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a user (admin or self) */
        get: operations["getUser"];
        /** Update a user (admin or self; only an admin changes roles) */
        put: operations["updateUser"];
        post?: never;
        /** Delete a user without pending or confirmed bookings (admin) */
        delete: operations["deleteUser"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every webhook endpoint (admin), oldest first; secrets are never shown */
        get: operations["listWebhooks"];
        put?: never;
        /** Register a webhook endpoint (admin): https on a public address; the answer carries its signing secret, shown only this once */
        post: operations["createWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A webhook endpoint (admin), with why it was disabled if it was */
        get: operations["getWebhook"];
        /** Change a webhook endpoint (admin): url, events, description; enabled: true turns a disabled one on again */
        put: operations["updateWebhook"];
        post?: never;
        /** Delete a webhook endpoint and its delivery log (admin) */
        delete: operations["deleteWebhook"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The delivery attempts to an endpoint (admin), newest first: message id, type, attempt, status code, duration, error */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/{id}/deliveries/{deliveryId}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a delivery's message to its endpoint again (admin), with the same webhook-id; queued (202), logged as new attempts */
        post: operations["replayWebhookDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A new signing secret (admin), shown once; for 24 hours deliveries carry a signature with the old one too */
        post: operations["rotateWebhookSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AuthResult: {
            token: string;
            user: components["schemas"]["User"];
        };
        Booking: {
            /** Format: date-time */
            created_at: string;
            event?: {
                /** Format: date-time */
                event_date: string;
                /** Format: uuid */
                id: string;
                location: string;
                name: string;
            };
            /** Format: uuid */
            event_id: string;
            expires_at: string | null;
            /** Format: uuid */
            id: string;
            items: {
                /** Format: uuid */
                category_id: string;
                name: string | null;
                quantity: number;
                unit_price: string | null;
            }[];
            quantity: number;
            queue?: {
                ahead: number;
                eta_seconds: number | null;
            };
            reason: ("SOLD_OUT" | "EVENT_NOT_FOUND" | "EVENT_PASSED" | "LIMIT_EXCEEDED" | "HOLD_LIMIT_EXCEEDED" | "INVALID_REQUEST" | "USER_NOT_FOUND" | "SALES_CLOSED") | null;
            reason_detail?: {
                [key: string]: unknown;
            } | null;
            /** @enum {string} */
            source: "direct" | "waitlist";
            /** @enum {string} */
            status: "queued" | "pending" | "confirmed" | "rejected" | "cancelled" | "expired";
            total_price: string | null;
            /** Format: date-time */
            updated_at: string;
            user?: {
                email: string;
                /** Format: uuid */
                id: string;
                name: string;
            };
            /** Format: uuid */
            user_id: string;
        };
        BookingAccepted: {
            /** Format: uuid */
            event_id: string;
            /** Format: uuid */
            id: string;
            items?: {
                /** Format: uuid */
                category_id: string;
                quantity: number;
            }[];
            quantity: number;
            /** @enum {string} */
            status: "queued" | "pending" | "confirmed" | "rejected" | "cancelled" | "expired";
        };
        Category: {
            available: number;
            capacity: number;
            /** Format: uuid */
            id: string;
            max_per_user: number | null;
            name: string;
            price: string;
            sales_end: string | null;
            sales_start: string | null;
            waiting: {
                entries: number;
                tickets: number;
            };
        };
        Error: {
            code: string;
            errors?: {
                [key: string]: unknown;
            } | unknown[];
            message: string;
            /** @enum {boolean} */
            success: false;
        };
        Event: {
            available_tickets: number;
            categories: {
                available: number;
                capacity: number;
                /** Format: uuid */
                id: string;
                max_per_user: number | null;
                name: string;
                price: string;
                sales_end: string | null;
                sales_start: string | null;
                waiting: {
                    entries: number;
                    tickets: number;
                };
            }[];
            /** Format: date-time */
            created_at: string;
            description: string | null;
            /** Format: date-time */
            event_date: string;
            /** Format: uuid */
            id: string;
            location: string;
            max_tickets_per_user: number | null;
            name: string;
            organizer: {
                email: string;
                /** Format: uuid */
                id: string;
                name: string;
            };
            /** Format: uuid */
            organizer_id: string;
            ticket_price: string;
            total_tickets: number;
            /** Format: date-time */
            updated_at: string;
        };
        EventStats: {
            available: number;
            bookings: {
                cancelled: number;
                confirmed: number;
                expired: number;
                pending: number;
                rejected: number;
            };
            capacity: number;
            categories: {
                available: number;
                bookings: {
                    cancelled: number;
                    confirmed: number;
                    expired: number;
                    pending: number;
                    rejected: number;
                };
                capacity: number;
                held: number;
                /** Format: uuid */
                id: string;
                name: string;
                price: string;
                rejections: {
                    [key: string]: number;
                };
                revenue: {
                    confirmed: string;
                    pending: string;
                };
                sold: number;
                sold_out_at: string | null;
                waiting: {
                    entries: number;
                    tickets: number;
                };
            }[];
            decisions_last_minute: number;
            /** Format: uuid */
            event_id: string;
            /** Format: date-time */
            generated_at: string;
            held: number;
            queued: number | null;
            rejections: {
                [key: string]: number;
            };
            revenue: {
                confirmed: string;
                pending: string;
            };
            sold: number;
            sold_out_at: string | null;
            waiting: {
                entries: number;
                tickets: number;
            };
        };
        PageMeta: {
            limit: number;
            page: number;
            total: number;
        };
        ReplayAccepted: {
            /** Format: uuid */
            endpoint_id: string;
            message_id: string;
        };
        RotatedSecret: {
            /** Format: date-time */
            previous_secret_expires_at: string;
            secret: string;
        };
        User: {
            /** Format: date-time */
            created_at: string;
            email: string;
            /** Format: uuid */
            id: string;
            name: string;
            /** @enum {string} */
            role: "user" | "admin";
            /** Format: date-time */
            updated_at: string;
        };
        WaitlistEntry: {
            booking_id: string | null;
            /** Format: uuid */
            category_id: string;
            /** Format: date-time */
            created_at: string;
            /** Format: uuid */
            event_id: string;
            /** Format: uuid */
            id: string;
            offer_expires_at: string | null;
            position: number | null;
            quantity: number;
            reason: string | null;
            /** @enum {string} */
            status: "waiting" | "offered" | "booked" | "expired" | "left";
            /** Format: date-time */
            updated_at: string;
            /** Format: uuid */
            user_id: string;
        };
        WebhookDelivery: {
            attempt: number;
            /** Format: date-time */
            created_at: string;
            duration_ms: number;
            error: string | null;
            /** Format: uuid */
            id: string;
            message_id: string;
            status_code: number | null;
            /** @enum {string} */
            type: "booking.pending" | "booking.confirmed" | "booking.rejected" | "booking.cancelled" | "booking.expired" | "booking.deleted" | "event.sold_out" | "event.restocked" | "category.sold_out" | "category.restocked" | "waitlist.offered";
        };
        WebhookEndpoint: {
            /** Format: date-time */
            created_at: string;
            description: string | null;
            disabled_reason: string | null;
            enabled: boolean;
            events: ("booking.pending" | "booking.confirmed" | "booking.rejected" | "booking.cancelled" | "booking.expired" | "booking.deleted" | "event.sold_out" | "event.restocked" | "category.sold_out" | "category.restocked" | "waitlist.offered")[];
            failing_since: string | null;
            /** Format: uuid */
            id: string;
            /** Format: date-time */
            updated_at: string;
            url: string;
        };
        WebhookEndpointWithSecret: {
            /** Format: date-time */
            created_at: string;
            description: string | null;
            disabled_reason: string | null;
            enabled: boolean;
            events: ("booking.pending" | "booking.confirmed" | "booking.rejected" | "booking.cancelled" | "booking.expired" | "booking.deleted" | "event.sold_out" | "event.restocked" | "category.sold_out" | "category.restocked" | "waitlist.offered")[];
            failing_since: string | null;
            /** Format: uuid */
            id: string;
            secret: string;
            /** Format: date-time */
            updated_at: string;
            url: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["AuthResult"];
                        message: string;
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input (`VALIDATION_ERROR`, with `errors` naming each bad field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "VALIDATION_ERROR" | "INVALID_BODY" | "BAD_REQUEST";
                    };
                };
            };
            /** @description Missing, invalid, expired or revoked token (`UNAUTHORIZED`, `INVALID_TOKEN`, `TOKEN_EXPIRED`, `TOKEN_REVOKED`), or wrong credentials (`INVALID_CREDENTIALS`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INVALID_CREDENTIALS";
                    };
                };
            };
            /** @description Body over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "PAYLOAD_TOO_LARGE";
                    };
                };
            };
            /** @description Not `application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    };
                };
            };
            /** @description Rate limited: retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "RATE_LIMITED";
                    };
                };
            };
            /** @description Request headers over 16 KB */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "HEADERS_TOO_LARGE";
                    };
                };
            };
            /** @description A bug: reported with its request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INTERNAL_ERROR";
                    };
                };
            };
            /** @description A dependency is unavailable: retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE";
                    };
                };
            };
        };
    };
    getCurrentUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["User"];
                        message: string;
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Missing, invalid, expired or revoked token (`UNAUTHORIZED`, `INVALID_TOKEN`, `TOKEN_EXPIRED`, `TOKEN_REVOKED`), or wrong credentials (`INVALID_CREDENTIALS`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNAUTHORIZED" | "INVALID_TOKEN" | "TOKEN_EXPIRED" | "TOKEN_REVOKED";
                    };
                };
            };
            /** @description Request headers over 16 KB */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "HEADERS_TOO_LARGE";
                    };
                };
            };
            /** @description A bug: reported with its request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INTERNAL_ERROR";
                    };
                };
            };
            /** @description A dependency is unavailable: retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE";
                    };
                };
            };
        };
    };
    register: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                    name: string;
                    /** @description 8 to 72 bytes in UTF-8 (bcrypt ignores anything past 72 bytes, so longer is refused) */
                    password: string;
                    /** @enum {string} */
                    role?: "user" | "admin";
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["AuthResult"];
                        message: string;
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input (`VALIDATION_ERROR`, with `errors` naming each bad field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "VALIDATION_ERROR" | "INVALID_BODY" | "BAD_REQUEST";
                    };
                };
            };
            /** @description Signed in but not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "FORBIDDEN_ROLE";
                    };
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "EMAIL_TAKEN";
                    };
                };
            };
            /** @description Body over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "PAYLOAD_TOO_LARGE";
                    };
                };
            };
            /** @description Not `application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    };
                };
            };
            /** @description Rate limited: retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "RATE_LIMITED";
                    };
                };
            };
            /** @description Request headers over 16 KB */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "HEADERS_TOO_LARGE";
                    };
                };
            };
            /** @description A bug: reported with its request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INTERNAL_ERROR";
                    };
                };
            };
            /** @description A dependency is unavailable: retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE";
                    };
                };
            };
        };
    };
    listBookings: {
        parameters: {
            query?: {
                event_id?: string;
                limit?: number;
                page?: number;
                status?: "queued" | "pending" | "confirmed" | "rejected" | "cancelled" | "expired";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Booking"][];
                        message: string;
                        meta: components["schemas"]["PageMeta"];
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input (`VALIDATION_ERROR`, with `errors` naming each bad field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "VALIDATION_ERROR" | "INVALID_BODY" | "BAD_REQUEST";
                    };
                };
            };
            /** @description Missing, invalid, expired or revoked token (`UNAUTHORIZED`, `INVALID_TOKEN`, `TOKEN_EXPIRED`, `TOKEN_REVOKED`), or wrong credentials (`INVALID_CREDENTIALS`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNAUTHORIZED" | "INVALID_TOKEN" | "TOKEN_EXPIRED" | "TOKEN_REVOKED";
                    };
                };
            };
            /** @description Request headers over 16 KB */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "HEADERS_TOO_LARGE";
                    };
                };
            };
            /** @description A bug: reported with its request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INTERNAL_ERROR";
                    };
                };
            };
            /** @description A dependency is unavailable: retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE";
                    };
                };
            };
        };
    };
    createBooking: {
        parameters: {
            query?: never;
            header?: {
                "idempotency-key"?: string;
                prefer?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    event_id: string;
                    items?: {
                        /** Format: uuid */
                        category_id: string;
                        quantity: number;
                    }[];
                    quantity?: number;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    /** @description `true` when this answers an earlier request with the same Idempotency-Key */
                    "Idempotent-Replayed"?: "true";
                    /** @description Where the created or accepted resource is */
                    Location?: string;
                    /** @description `wait=N` when a `Prefer: wait` was honoured */
                    "Preference-Applied"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Booking"];
                        message: string;
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Accepted: queued, poll the Location */
            202: {
                headers: {
                    /** @description `true` when this answers an earlier request with the same Idempotency-Key */
                    "Idempotent-Replayed"?: "true";
                    /** @description Where the created or accepted resource is */
                    Location?: string;
                    /** @description `wait=N` when a `Prefer: wait` was honoured */
                    "Preference-Applied"?: string;
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["BookingAccepted"];
                        message: string;
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input (`VALIDATION_ERROR`, with `errors` naming each bad field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "VALIDATION_ERROR" | "CATEGORY_REQUIRED" | "INVALID_BODY" | "BAD_REQUEST";
                    };
                };
            };
            /** @description Missing, invalid, expired or revoked token (`UNAUTHORIZED`, `INVALID_TOKEN`, `TOKEN_EXPIRED`, `TOKEN_REVOKED`), or wrong credentials (`INVALID_CREDENTIALS`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNAUTHORIZED" | "INVALID_TOKEN" | "TOKEN_EXPIRED" | "TOKEN_REVOKED";
                    };
                };
            };
            /** @description Not found (also another user's booking) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "BOOKING_NOT_FOUND";
                    };
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "SOLD_OUT" | "SALES_CLOSED" | "EVENT_NOT_FOUND" | "EVENT_PASSED" | "LIMIT_EXCEEDED" | "HOLD_LIMIT_EXCEEDED" | "INVALID_REQUEST";
                    };
                };
            };
            /** @description Body over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "PAYLOAD_TOO_LARGE";
                    };
                };
            };
            /** @description Not `application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    };
                };
            };
            /** @description Idempotency-Key reused with a different body */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "IDEMPOTENCY_KEY_REUSED";
                    };
                };
            };
            /** @description Rate limited: retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "RATE_LIMITED";
                    };
                };
            };
            /** @description Request headers over 16 KB */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "HEADERS_TOO_LARGE";
                    };
                };
            };
            /** @description A bug: reported with its request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INTERNAL_ERROR";
                    };
                };
            };
            /** @description A dependency is unavailable: retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "QUEUE_UNAVAILABLE" | "QUEUE_FULL" | "SERVICE_UNAVAILABLE";
                    };
                };
            };
        };
    };
    getBooking: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Booking"];
                        message: string;
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input (`VALIDATION_ERROR`, with `errors` naming each bad field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "VALIDATION_ERROR" | "INVALID_BODY" | "BAD_REQUEST";
                    };
                };
            };
            /** @description Missing, invalid, expired or revoked token (`UNAUTHORIZED`, `INVALID_TOKEN`, `TOKEN_EXPIRED`, `TOKEN_REVOKED`), or wrong credentials (`INVALID_CREDENTIALS`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNAUTHORIZED" | "INVALID_TOKEN" | "TOKEN_EXPIRED" | "TOKEN_REVOKED";
                    };
                };
            };
            /** @description Not found (also another user's booking) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "BOOKING_NOT_FOUND";
                    };
                };
            };
            /** @description A path segment over 100 characters */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "URI_TOO_LONG";
                    };
                };
            };
            /** @description Request headers over 16 KB */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "HEADERS_TOO_LARGE";
                    };
                };
            };
            /** @description A bug: reported with its request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INTERNAL_ERROR";
                    };
                };
            };
            /** @description A dependency is unavailable: retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "QUEUE_UNAVAILABLE" | "SERVICE_UNAVAILABLE";
                    };
                };
            };
        };
    };
    deleteBooking: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: string;
                        };
                        message: string;
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input (`VALIDATION_ERROR`, with `errors` naming each bad field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "VALIDATION_ERROR" | "INVALID_BODY" | "BAD_REQUEST";
                    };
                };
            };
            /** @description Missing, invalid, expired or revoked token (`UNAUTHORIZED`, `INVALID_TOKEN`, `TOKEN_EXPIRED`, `TOKEN_REVOKED`), or wrong credentials (`INVALID_CREDENTIALS`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNAUTHORIZED" | "INVALID_TOKEN" | "TOKEN_EXPIRED" | "TOKEN_REVOKED";
                    };
                };
            };
            /** @description Not found (also another user's booking) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "BOOKING_NOT_FOUND";
                    };
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INVALID_TRANSITION" | "BOOKING_IN_PROGRESS";
                    };
                };
            };
            /** @description A path segment over 100 characters */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "URI_TOO_LONG";
                    };
                };
            };
            /** @description Not `application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    };
                };
            };
            /** @description Request headers over 16 KB */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "HEADERS_TOO_LARGE";
                    };
                };
            };
            /** @description A bug: reported with its request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INTERNAL_ERROR";
                    };
                };
            };
            /** @description A dependency is unavailable: retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE";
                    };
                };
            };
        };
    };
    cancelBooking: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Booking"];
                        message: string;
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input (`VALIDATION_ERROR`, with `errors` naming each bad field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "VALIDATION_ERROR" | "INVALID_BODY" | "BAD_REQUEST";
                    };
                };
            };
            /** @description Missing, invalid, expired or revoked token (`UNAUTHORIZED`, `INVALID_TOKEN`, `TOKEN_EXPIRED`, `TOKEN_REVOKED`), or wrong credentials (`INVALID_CREDENTIALS`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNAUTHORIZED" | "INVALID_TOKEN" | "TOKEN_EXPIRED" | "TOKEN_REVOKED";
                    };
                };
            };
            /** @description Not found (also another user's booking) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "BOOKING_NOT_FOUND";
                    };
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INVALID_TRANSITION" | "BOOKING_IN_PROGRESS";
                    };
                };
            };
            /** @description A path segment over 100 characters */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "URI_TOO_LONG";
                    };
                };
            };
            /** @description Not `application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    };
                };
            };
            /** @description Request headers over 16 KB */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "HEADERS_TOO_LARGE";
                    };
                };
            };
            /** @description A bug: reported with its request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INTERNAL_ERROR";
                    };
                };
            };
            /** @description A dependency is unavailable: retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE";
                    };
                };
            };
        };
    };
    confirmPayment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Booking"];
                        message: string;
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input (`VALIDATION_ERROR`, with `errors` naming each bad field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "VALIDATION_ERROR" | "INVALID_BODY" | "BAD_REQUEST";
                    };
                };
            };
            /** @description Missing, invalid, expired or revoked token (`UNAUTHORIZED`, `INVALID_TOKEN`, `TOKEN_EXPIRED`, `TOKEN_REVOKED`), or wrong credentials (`INVALID_CREDENTIALS`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNAUTHORIZED" | "INVALID_TOKEN" | "TOKEN_EXPIRED" | "TOKEN_REVOKED";
                    };
                };
            };
            /** @description Not found (also another user's booking) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "BOOKING_NOT_FOUND";
                    };
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INVALID_TRANSITION" | "BOOKING_IN_PROGRESS" | "HOLD_EXPIRED";
                    };
                };
            };
            /** @description A path segment over 100 characters */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "URI_TOO_LONG";
                    };
                };
            };
            /** @description Not `application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    };
                };
            };
            /** @description Request headers over 16 KB */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "HEADERS_TOO_LARGE";
                    };
                };
            };
            /** @description A bug: reported with its request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INTERNAL_ERROR";
                    };
                };
            };
            /** @description A dependency is unavailable: retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE";
                    };
                };
            };
        };
    };
    streamBookingStatus: {
        parameters: {
            query?: never;
            header?: {
                "last-event-id"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description text/event-stream of `status` events (data: the Booking) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description Invalid input (`VALIDATION_ERROR`, with `errors` naming each bad field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "VALIDATION_ERROR" | "INVALID_BODY" | "BAD_REQUEST";
                    };
                };
            };
            /** @description Missing, invalid, expired or revoked token (`UNAUTHORIZED`, `INVALID_TOKEN`, `TOKEN_EXPIRED`, `TOKEN_REVOKED`), or wrong credentials (`INVALID_CREDENTIALS`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNAUTHORIZED" | "INVALID_TOKEN" | "TOKEN_EXPIRED" | "TOKEN_REVOKED";
                    };
                };
            };
            /** @description Not found (also another user's booking) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "BOOKING_NOT_FOUND";
                    };
                };
            };
            /** @description A path segment over 100 characters */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "URI_TOO_LONG";
                    };
                };
            };
            /** @description Rate limited: retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "RATE_LIMITED";
                    };
                };
            };
            /** @description Request headers over 16 KB */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "HEADERS_TOO_LARGE";
                    };
                };
            };
            /** @description A bug: reported with its request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INTERNAL_ERROR";
                    };
                };
            };
            /** @description A dependency is unavailable: retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "QUEUE_UNAVAILABLE" | "SERVICE_UNAVAILABLE";
                    };
                };
            };
        };
    };
    setBookingStatus: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    status: "cancelled" | "confirmed";
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Booking"];
                        message: string;
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input (`VALIDATION_ERROR`, with `errors` naming each bad field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "VALIDATION_ERROR" | "INVALID_BODY" | "BAD_REQUEST";
                    };
                };
            };
            /** @description Missing, invalid, expired or revoked token (`UNAUTHORIZED`, `INVALID_TOKEN`, `TOKEN_EXPIRED`, `TOKEN_REVOKED`), or wrong credentials (`INVALID_CREDENTIALS`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNAUTHORIZED" | "INVALID_TOKEN" | "TOKEN_EXPIRED" | "TOKEN_REVOKED";
                    };
                };
            };
            /** @description Signed in but not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "FORBIDDEN";
                    };
                };
            };
            /** @description Not found (also another user's booking) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "BOOKING_NOT_FOUND";
                    };
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INVALID_TRANSITION" | "BOOKING_IN_PROGRESS" | "HOLD_EXPIRED";
                    };
                };
            };
            /** @description Body over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "PAYLOAD_TOO_LARGE";
                    };
                };
            };
            /** @description A path segment over 100 characters */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "URI_TOO_LONG";
                    };
                };
            };
            /** @description Not `application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    };
                };
            };
            /** @description Request headers over 16 KB */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "HEADERS_TOO_LARGE";
                    };
                };
            };
            /** @description A bug: reported with its request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INTERNAL_ERROR";
                    };
                };
            };
            /** @description A dependency is unavailable: retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE";
                    };
                };
            };
        };
    };
    listEvents: {
        parameters: {
            query?: {
                from?: string;
                limit?: number;
                page?: number;
                q?: string;
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Event"][];
                        message: string;
                        meta: components["schemas"]["PageMeta"];
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input (`VALIDATION_ERROR`, with `errors` naming each bad field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "VALIDATION_ERROR" | "INVALID_BODY" | "BAD_REQUEST";
                    };
                };
            };
            /** @description Request headers over 16 KB */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "HEADERS_TOO_LARGE";
                    };
                };
            };
            /** @description A bug: reported with its request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INTERNAL_ERROR";
                    };
                };
            };
            /** @description A dependency is unavailable: retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE";
                    };
                };
            };
        };
    };
    createEvent: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    categories?: {
                        capacity: number;
                        max_per_user?: number | null;
                        name: string;
                        /** @description At most two decimals (19.99, not 19.999); answered as a decimal string */
                        price: number;
                        sales_end?: string | null;
                        sales_start?: string | null;
                    }[];
                    description?: string | null;
                    /** Format: date-time */
                    event_date: string;
                    location: string;
                    max_tickets_per_user?: number | null;
                    name: string;
                    /** @description At most two decimals (19.99, not 19.999); answered as a decimal string */
                    ticket_price?: number;
                    total_tickets?: number;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    /** @description Where the created or accepted resource is */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Event"];
                        message: string;
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input (`VALIDATION_ERROR`, with `errors` naming each bad field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "VALIDATION_ERROR" | "INVALID_BODY" | "BAD_REQUEST";
                    };
                };
            };
            /** @description Missing, invalid, expired or revoked token (`UNAUTHORIZED`, `INVALID_TOKEN`, `TOKEN_EXPIRED`, `TOKEN_REVOKED`), or wrong credentials (`INVALID_CREDENTIALS`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNAUTHORIZED" | "INVALID_TOKEN" | "TOKEN_EXPIRED" | "TOKEN_REVOKED";
                    };
                };
            };
            /** @description Signed in but not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "FORBIDDEN";
                    };
                };
            };
            /** @description Body over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "PAYLOAD_TOO_LARGE";
                    };
                };
            };
            /** @description Not `application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    };
                };
            };
            /** @description Request headers over 16 KB */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "HEADERS_TOO_LARGE";
                    };
                };
            };
            /** @description A bug: reported with its request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INTERNAL_ERROR";
                    };
                };
            };
            /** @description A dependency is unavailable: retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE";
                    };
                };
            };
        };
    };
    getEvent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Event"];
                        message: string;
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input (`VALIDATION_ERROR`, with `errors` naming each bad field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "VALIDATION_ERROR" | "INVALID_BODY" | "BAD_REQUEST";
                    };
                };
            };
            /** @description Not found (also another user's booking) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "EVENT_NOT_FOUND";
                    };
                };
            };
            /** @description A path segment over 100 characters */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "URI_TOO_LONG";
                    };
                };
            };
            /** @description Request headers over 16 KB */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "HEADERS_TOO_LARGE";
                    };
                };
            };
            /** @description A bug: reported with its request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INTERNAL_ERROR";
                    };
                };
            };
            /** @description A dependency is unavailable: retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE";
                    };
                };
            };
        };
    };
    updateEvent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string | null;
                    /** Format: date-time */
                    event_date?: string;
                    location?: string;
                    max_tickets_per_user?: number | null;
                    name?: string;
                    /** @description At most two decimals (19.99, not 19.999); answered as a decimal string */
                    ticket_price?: number;
                    total_tickets?: number;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Event"];
                        message: string;
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input (`VALIDATION_ERROR`, with `errors` naming each bad field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "VALIDATION_ERROR" | "CATEGORY_REQUIRED" | "INVALID_BODY" | "BAD_REQUEST";
                    };
                };
            };
            /** @description Missing, invalid, expired or revoked token (`UNAUTHORIZED`, `INVALID_TOKEN`, `TOKEN_EXPIRED`, `TOKEN_REVOKED`), or wrong credentials (`INVALID_CREDENTIALS`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNAUTHORIZED" | "INVALID_TOKEN" | "TOKEN_EXPIRED" | "TOKEN_REVOKED";
                    };
                };
            };
            /** @description Signed in but not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "FORBIDDEN";
                    };
                };
            };
            /** @description Not found (also another user's booking) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "EVENT_NOT_FOUND";
                    };
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "TICKETS_ALREADY_SOLD";
                    };
                };
            };
            /** @description Body over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "PAYLOAD_TOO_LARGE";
                    };
                };
            };
            /** @description A path segment over 100 characters */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "URI_TOO_LONG";
                    };
                };
            };
            /** @description Not `application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    };
                };
            };
            /** @description Request headers over 16 KB */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "HEADERS_TOO_LARGE";
                    };
                };
            };
            /** @description A bug: reported with its request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INTERNAL_ERROR";
                    };
                };
            };
            /** @description A dependency is unavailable: retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE";
                    };
                };
            };
        };
    };
    deleteEvent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: string;
                        };
                        message: string;
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input (`VALIDATION_ERROR`, with `errors` naming each bad field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "VALIDATION_ERROR" | "INVALID_BODY" | "BAD_REQUEST";
                    };
                };
            };
            /** @description Missing, invalid, expired or revoked token (`UNAUTHORIZED`, `INVALID_TOKEN`, `TOKEN_EXPIRED`, `TOKEN_REVOKED`), or wrong credentials (`INVALID_CREDENTIALS`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNAUTHORIZED" | "INVALID_TOKEN" | "TOKEN_EXPIRED" | "TOKEN_REVOKED";
                    };
                };
            };
            /** @description Signed in but not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "FORBIDDEN";
                    };
                };
            };
            /** @description Not found (also another user's booking) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "EVENT_NOT_FOUND";
                    };
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "EVENT_HAS_BOOKINGS";
                    };
                };
            };
            /** @description A path segment over 100 characters */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "URI_TOO_LONG";
                    };
                };
            };
            /** @description Not `application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    };
                };
            };
            /** @description Request headers over 16 KB */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "HEADERS_TOO_LARGE";
                    };
                };
            };
            /** @description A bug: reported with its request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INTERNAL_ERROR";
                    };
                };
            };
            /** @description A dependency is unavailable: retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE";
                    };
                };
            };
        };
    };
    createCategory: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    capacity: number;
                    max_per_user?: number | null;
                    name: string;
                    /** @description At most two decimals (19.99, not 19.999); answered as a decimal string */
                    price: number;
                    sales_end?: string | null;
                    sales_start?: string | null;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    /** @description Where the created or accepted resource is */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Category"];
                        message: string;
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input (`VALIDATION_ERROR`, with `errors` naming each bad field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "VALIDATION_ERROR" | "INVALID_BODY" | "BAD_REQUEST";
                    };
                };
            };
            /** @description Missing, invalid, expired or revoked token (`UNAUTHORIZED`, `INVALID_TOKEN`, `TOKEN_EXPIRED`, `TOKEN_REVOKED`), or wrong credentials (`INVALID_CREDENTIALS`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNAUTHORIZED" | "INVALID_TOKEN" | "TOKEN_EXPIRED" | "TOKEN_REVOKED";
                    };
                };
            };
            /** @description Signed in but not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "FORBIDDEN";
                    };
                };
            };
            /** @description Not found (also another user's booking) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "EVENT_NOT_FOUND";
                    };
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "CATEGORY_NAME_TAKEN" | "TOO_MANY_CATEGORIES";
                    };
                };
            };
            /** @description Body over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "PAYLOAD_TOO_LARGE";
                    };
                };
            };
            /** @description A path segment over 100 characters */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "URI_TOO_LONG";
                    };
                };
            };
            /** @description Not `application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    };
                };
            };
            /** @description Request headers over 16 KB */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "HEADERS_TOO_LARGE";
                    };
                };
            };
            /** @description A bug: reported with its request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INTERNAL_ERROR";
                    };
                };
            };
            /** @description A dependency is unavailable: retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE";
                    };
                };
            };
        };
    };
    updateCategory: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                categoryId: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    capacity?: number;
                    max_per_user?: number | null;
                    name?: string;
                    /** @description At most two decimals (19.99, not 19.999); answered as a decimal string */
                    price?: number;
                    sales_end?: string | null;
                    sales_start?: string | null;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Category"];
                        message: string;
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input (`VALIDATION_ERROR`, with `errors` naming each bad field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "VALIDATION_ERROR" | "INVALID_BODY" | "BAD_REQUEST";
                    };
                };
            };
            /** @description Missing, invalid, expired or revoked token (`UNAUTHORIZED`, `INVALID_TOKEN`, `TOKEN_EXPIRED`, `TOKEN_REVOKED`), or wrong credentials (`INVALID_CREDENTIALS`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNAUTHORIZED" | "INVALID_TOKEN" | "TOKEN_EXPIRED" | "TOKEN_REVOKED";
                    };
                };
            };
            /** @description Signed in but not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "FORBIDDEN";
                    };
                };
            };
            /** @description Not found (also another user's booking) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "EVENT_NOT_FOUND" | "CATEGORY_NOT_FOUND";
                    };
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "CATEGORY_NAME_TAKEN" | "CAPACITY_BELOW_HELD";
                    };
                };
            };
            /** @description Body over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "PAYLOAD_TOO_LARGE";
                    };
                };
            };
            /** @description A path segment over 100 characters */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "URI_TOO_LONG";
                    };
                };
            };
            /** @description Not `application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    };
                };
            };
            /** @description Request headers over 16 KB */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "HEADERS_TOO_LARGE";
                    };
                };
            };
            /** @description A bug: reported with its request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INTERNAL_ERROR";
                    };
                };
            };
            /** @description A dependency is unavailable: retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE";
                    };
                };
            };
        };
    };
    deleteCategory: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                categoryId: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: string;
                        };
                        message: string;
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input (`VALIDATION_ERROR`, with `errors` naming each bad field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "VALIDATION_ERROR" | "INVALID_BODY" | "BAD_REQUEST";
                    };
                };
            };
            /** @description Missing, invalid, expired or revoked token (`UNAUTHORIZED`, `INVALID_TOKEN`, `TOKEN_EXPIRED`, `TOKEN_REVOKED`), or wrong credentials (`INVALID_CREDENTIALS`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNAUTHORIZED" | "INVALID_TOKEN" | "TOKEN_EXPIRED" | "TOKEN_REVOKED";
                    };
                };
            };
            /** @description Signed in but not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "FORBIDDEN";
                    };
                };
            };
            /** @description Not found (also another user's booking) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "EVENT_NOT_FOUND" | "CATEGORY_NOT_FOUND";
                    };
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "CATEGORY_IN_USE" | "LAST_CATEGORY";
                    };
                };
            };
            /** @description A path segment over 100 characters */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "URI_TOO_LONG";
                    };
                };
            };
            /** @description Not `application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    };
                };
            };
            /** @description Request headers over 16 KB */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "HEADERS_TOO_LARGE";
                    };
                };
            };
            /** @description A bug: reported with its request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INTERNAL_ERROR";
                    };
                };
            };
            /** @description A dependency is unavailable: retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE";
                    };
                };
            };
        };
    };
    getEventStats: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["EventStats"];
                        message: string;
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input (`VALIDATION_ERROR`, with `errors` naming each bad field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "VALIDATION_ERROR" | "INVALID_BODY" | "BAD_REQUEST";
                    };
                };
            };
            /** @description Missing, invalid, expired or revoked token (`UNAUTHORIZED`, `INVALID_TOKEN`, `TOKEN_EXPIRED`, `TOKEN_REVOKED`), or wrong credentials (`INVALID_CREDENTIALS`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNAUTHORIZED" | "INVALID_TOKEN" | "TOKEN_EXPIRED" | "TOKEN_REVOKED";
                    };
                };
            };
            /** @description Signed in but not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "FORBIDDEN";
                    };
                };
            };
            /** @description Not found (also another user's booking) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "EVENT_NOT_FOUND";
                    };
                };
            };
            /** @description A path segment over 100 characters */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "URI_TOO_LONG";
                    };
                };
            };
            /** @description Request headers over 16 KB */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "HEADERS_TOO_LARGE";
                    };
                };
            };
            /** @description A bug: reported with its request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INTERNAL_ERROR";
                    };
                };
            };
            /** @description A dependency is unavailable: retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE";
                    };
                };
            };
        };
    };
    listWaitlist: {
        parameters: {
            query?: {
                limit?: number;
                page?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["WaitlistEntry"][];
                        message: string;
                        meta: {
                            counts: {
                                booked: number;
                                expired: number;
                                left: number;
                                offered: number;
                                waiting: number;
                            };
                            limit: number;
                            page: number;
                            total: number;
                        };
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input (`VALIDATION_ERROR`, with `errors` naming each bad field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "VALIDATION_ERROR" | "INVALID_BODY" | "BAD_REQUEST";
                    };
                };
            };
            /** @description Missing, invalid, expired or revoked token (`UNAUTHORIZED`, `INVALID_TOKEN`, `TOKEN_EXPIRED`, `TOKEN_REVOKED`), or wrong credentials (`INVALID_CREDENTIALS`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNAUTHORIZED" | "INVALID_TOKEN" | "TOKEN_EXPIRED" | "TOKEN_REVOKED";
                    };
                };
            };
            /** @description Signed in but not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "FORBIDDEN";
                    };
                };
            };
            /** @description Not found (also another user's booking) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "EVENT_NOT_FOUND";
                    };
                };
            };
            /** @description A path segment over 100 characters */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "URI_TOO_LONG";
                    };
                };
            };
            /** @description Request headers over 16 KB */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "HEADERS_TOO_LARGE";
                    };
                };
            };
            /** @description A bug: reported with its request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INTERNAL_ERROR";
                    };
                };
            };
            /** @description A dependency is unavailable: retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE";
                    };
                };
            };
        };
    };
    joinWaitlist: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    category_id?: string;
                    quantity: number;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    /** @description Where the created or accepted resource is */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["WaitlistEntry"];
                        message: string;
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input (`VALIDATION_ERROR`, with `errors` naming each bad field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "VALIDATION_ERROR" | "CATEGORY_REQUIRED" | "INVALID_BODY" | "BAD_REQUEST";
                    };
                };
            };
            /** @description Missing, invalid, expired or revoked token (`UNAUTHORIZED`, `INVALID_TOKEN`, `TOKEN_EXPIRED`, `TOKEN_REVOKED`), or wrong credentials (`INVALID_CREDENTIALS`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNAUTHORIZED" | "INVALID_TOKEN" | "TOKEN_EXPIRED" | "TOKEN_REVOKED";
                    };
                };
            };
            /** @description Not found (also another user's booking) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "EVENT_NOT_FOUND" | "CATEGORY_NOT_FOUND";
                    };
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "TICKETS_AVAILABLE" | "ALREADY_WAITING" | "WAITLIST_LIMIT_REACHED";
                    };
                };
            };
            /** @description Body over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "PAYLOAD_TOO_LARGE";
                    };
                };
            };
            /** @description A path segment over 100 characters */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "URI_TOO_LONG";
                    };
                };
            };
            /** @description Not `application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    };
                };
            };
            /** @description Request headers over 16 KB */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "HEADERS_TOO_LARGE";
                    };
                };
            };
            /** @description A bug: reported with its request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INTERNAL_ERROR";
                    };
                };
            };
            /** @description A dependency is unavailable: retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE";
                    };
                };
            };
        };
    };
    myWaitlistEntries: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["WaitlistEntry"][];
                        message: string;
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input (`VALIDATION_ERROR`, with `errors` naming each bad field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "VALIDATION_ERROR" | "INVALID_BODY" | "BAD_REQUEST";
                    };
                };
            };
            /** @description Missing, invalid, expired or revoked token (`UNAUTHORIZED`, `INVALID_TOKEN`, `TOKEN_EXPIRED`, `TOKEN_REVOKED`), or wrong credentials (`INVALID_CREDENTIALS`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNAUTHORIZED" | "INVALID_TOKEN" | "TOKEN_EXPIRED" | "TOKEN_REVOKED";
                    };
                };
            };
            /** @description Not found (also another user's booking) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "EVENT_NOT_FOUND";
                    };
                };
            };
            /** @description A path segment over 100 characters */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "URI_TOO_LONG";
                    };
                };
            };
            /** @description Request headers over 16 KB */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "HEADERS_TOO_LARGE";
                    };
                };
            };
            /** @description A bug: reported with its request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INTERNAL_ERROR";
                    };
                };
            };
            /** @description A dependency is unavailable: retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE";
                    };
                };
            };
        };
    };
    leaveWaitlist: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                entryId: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["WaitlistEntry"];
                        message: string;
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input (`VALIDATION_ERROR`, with `errors` naming each bad field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "VALIDATION_ERROR" | "INVALID_BODY" | "BAD_REQUEST";
                    };
                };
            };
            /** @description Missing, invalid, expired or revoked token (`UNAUTHORIZED`, `INVALID_TOKEN`, `TOKEN_EXPIRED`, `TOKEN_REVOKED`), or wrong credentials (`INVALID_CREDENTIALS`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNAUTHORIZED" | "INVALID_TOKEN" | "TOKEN_EXPIRED" | "TOKEN_REVOKED";
                    };
                };
            };
            /** @description Not found (also another user's booking) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "EVENT_NOT_FOUND" | "WAITLIST_ENTRY_NOT_FOUND";
                    };
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INVALID_TRANSITION";
                    };
                };
            };
            /** @description A path segment over 100 characters */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "URI_TOO_LONG";
                    };
                };
            };
            /** @description Not `application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    };
                };
            };
            /** @description Request headers over 16 KB */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "HEADERS_TOO_LARGE";
                    };
                };
            };
            /** @description A bug: reported with its request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INTERNAL_ERROR";
                    };
                };
            };
            /** @description A dependency is unavailable: retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE";
                    };
                };
            };
        };
    };
    listUsers: {
        parameters: {
            query?: {
                limit?: number;
                page?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["User"][];
                        message: string;
                        meta: components["schemas"]["PageMeta"];
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input (`VALIDATION_ERROR`, with `errors` naming each bad field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "VALIDATION_ERROR" | "INVALID_BODY" | "BAD_REQUEST";
                    };
                };
            };
            /** @description Missing, invalid, expired or revoked token (`UNAUTHORIZED`, `INVALID_TOKEN`, `TOKEN_EXPIRED`, `TOKEN_REVOKED`), or wrong credentials (`INVALID_CREDENTIALS`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNAUTHORIZED" | "INVALID_TOKEN" | "TOKEN_EXPIRED" | "TOKEN_REVOKED";
                    };
                };
            };
            /** @description Signed in but not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "FORBIDDEN";
                    };
                };
            };
            /** @description Request headers over 16 KB */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "HEADERS_TOO_LARGE";
                    };
                };
            };
            /** @description A bug: reported with its request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INTERNAL_ERROR";
                    };
                };
            };
            /** @description A dependency is unavailable: retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE";
                    };
                };
            };
        };
    };
    createUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                    name: string;
                    /** @description 8 to 72 bytes in UTF-8 (bcrypt ignores anything past 72 bytes, so longer is refused) */
                    password: string;
                    /** @enum {string} */
                    role?: "user" | "admin";
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["User"];
                        message: string;
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input (`VALIDATION_ERROR`, with `errors` naming each bad field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "VALIDATION_ERROR" | "INVALID_BODY" | "BAD_REQUEST";
                    };
                };
            };
            /** @description Missing, invalid, expired or revoked token (`UNAUTHORIZED`, `INVALID_TOKEN`, `TOKEN_EXPIRED`, `TOKEN_REVOKED`), or wrong credentials (`INVALID_CREDENTIALS`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNAUTHORIZED" | "INVALID_TOKEN" | "TOKEN_EXPIRED" | "TOKEN_REVOKED";
                    };
                };
            };
            /** @description Signed in but not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "FORBIDDEN";
                    };
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "EMAIL_TAKEN";
                    };
                };
            };
            /** @description Body over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "PAYLOAD_TOO_LARGE";
                    };
                };
            };
            /** @description Not `application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    };
                };
            };
            /** @description Request headers over 16 KB */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "HEADERS_TOO_LARGE";
                    };
                };
            };
            /** @description A bug: reported with its request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INTERNAL_ERROR";
                    };
                };
            };
            /** @description A dependency is unavailable: retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE";
                    };
                };
            };
        };
    };
    getUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["User"];
                        message: string;
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input (`VALIDATION_ERROR`, with `errors` naming each bad field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "VALIDATION_ERROR" | "INVALID_BODY" | "BAD_REQUEST";
                    };
                };
            };
            /** @description Missing, invalid, expired or revoked token (`UNAUTHORIZED`, `INVALID_TOKEN`, `TOKEN_EXPIRED`, `TOKEN_REVOKED`), or wrong credentials (`INVALID_CREDENTIALS`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNAUTHORIZED" | "INVALID_TOKEN" | "TOKEN_EXPIRED" | "TOKEN_REVOKED";
                    };
                };
            };
            /** @description Signed in but not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "FORBIDDEN";
                    };
                };
            };
            /** @description Not found (also another user's booking) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "USER_NOT_FOUND";
                    };
                };
            };
            /** @description A path segment over 100 characters */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "URI_TOO_LONG";
                    };
                };
            };
            /** @description Request headers over 16 KB */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "HEADERS_TOO_LARGE";
                    };
                };
            };
            /** @description A bug: reported with its request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INTERNAL_ERROR";
                    };
                };
            };
            /** @description A dependency is unavailable: retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE";
                    };
                };
            };
        };
    };
    updateUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email?: string;
                    name?: string;
                    /** @description 8 to 72 bytes in UTF-8 (bcrypt ignores anything past 72 bytes, so longer is refused) */
                    password?: string;
                    /** @enum {string} */
                    role?: "user" | "admin";
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["User"];
                        message: string;
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input (`VALIDATION_ERROR`, with `errors` naming each bad field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "VALIDATION_ERROR" | "INVALID_BODY" | "BAD_REQUEST";
                    };
                };
            };
            /** @description Missing, invalid, expired or revoked token (`UNAUTHORIZED`, `INVALID_TOKEN`, `TOKEN_EXPIRED`, `TOKEN_REVOKED`), or wrong credentials (`INVALID_CREDENTIALS`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNAUTHORIZED" | "INVALID_TOKEN" | "TOKEN_EXPIRED" | "TOKEN_REVOKED";
                    };
                };
            };
            /** @description Signed in but not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "FORBIDDEN";
                    };
                };
            };
            /** @description Not found (also another user's booking) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "USER_NOT_FOUND";
                    };
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "EMAIL_TAKEN";
                    };
                };
            };
            /** @description Body over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "PAYLOAD_TOO_LARGE";
                    };
                };
            };
            /** @description A path segment over 100 characters */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "URI_TOO_LONG";
                    };
                };
            };
            /** @description Not `application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    };
                };
            };
            /** @description Request headers over 16 KB */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "HEADERS_TOO_LARGE";
                    };
                };
            };
            /** @description A bug: reported with its request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INTERNAL_ERROR";
                    };
                };
            };
            /** @description A dependency is unavailable: retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE";
                    };
                };
            };
        };
    };
    deleteUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: string;
                        };
                        message: string;
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input (`VALIDATION_ERROR`, with `errors` naming each bad field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "VALIDATION_ERROR" | "INVALID_BODY" | "BAD_REQUEST";
                    };
                };
            };
            /** @description Missing, invalid, expired or revoked token (`UNAUTHORIZED`, `INVALID_TOKEN`, `TOKEN_EXPIRED`, `TOKEN_REVOKED`), or wrong credentials (`INVALID_CREDENTIALS`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNAUTHORIZED" | "INVALID_TOKEN" | "TOKEN_EXPIRED" | "TOKEN_REVOKED";
                    };
                };
            };
            /** @description Signed in but not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "FORBIDDEN";
                    };
                };
            };
            /** @description Not found (also another user's booking) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "USER_NOT_FOUND";
                    };
                };
            };
            /** @description Conflict with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "USER_HAS_BOOKINGS" | "USER_HAS_EVENTS";
                    };
                };
            };
            /** @description A path segment over 100 characters */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "URI_TOO_LONG";
                    };
                };
            };
            /** @description Not `application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    };
                };
            };
            /** @description Request headers over 16 KB */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "HEADERS_TOO_LARGE";
                    };
                };
            };
            /** @description A bug: reported with its request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INTERNAL_ERROR";
                    };
                };
            };
            /** @description A dependency is unavailable: retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE";
                    };
                };
            };
        };
    };
    listWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["WebhookEndpoint"][];
                        message: string;
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Missing, invalid, expired or revoked token (`UNAUTHORIZED`, `INVALID_TOKEN`, `TOKEN_EXPIRED`, `TOKEN_REVOKED`), or wrong credentials (`INVALID_CREDENTIALS`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNAUTHORIZED" | "INVALID_TOKEN" | "TOKEN_EXPIRED" | "TOKEN_REVOKED";
                    };
                };
            };
            /** @description Signed in but not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "FORBIDDEN";
                    };
                };
            };
            /** @description Request headers over 16 KB */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "HEADERS_TOO_LARGE";
                    };
                };
            };
            /** @description A bug: reported with its request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INTERNAL_ERROR";
                    };
                };
            };
            /** @description A dependency is unavailable: retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE";
                    };
                };
            };
        };
    };
    createWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string;
                    events: ("booking.pending" | "booking.confirmed" | "booking.rejected" | "booking.cancelled" | "booking.expired" | "booking.deleted" | "event.sold_out" | "event.restocked" | "category.sold_out" | "category.restocked" | "waitlist.offered")[];
                    url: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    /** @description Where the created or accepted resource is */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["WebhookEndpointWithSecret"];
                        message: string;
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input (`VALIDATION_ERROR`, with `errors` naming each bad field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "VALIDATION_ERROR" | "WEBHOOK_URL_REFUSED" | "INVALID_BODY" | "BAD_REQUEST";
                    };
                };
            };
            /** @description Missing, invalid, expired or revoked token (`UNAUTHORIZED`, `INVALID_TOKEN`, `TOKEN_EXPIRED`, `TOKEN_REVOKED`), or wrong credentials (`INVALID_CREDENTIALS`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNAUTHORIZED" | "INVALID_TOKEN" | "TOKEN_EXPIRED" | "TOKEN_REVOKED";
                    };
                };
            };
            /** @description Signed in but not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "FORBIDDEN";
                    };
                };
            };
            /** @description Body over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "PAYLOAD_TOO_LARGE";
                    };
                };
            };
            /** @description Not `application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    };
                };
            };
            /** @description Request headers over 16 KB */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "HEADERS_TOO_LARGE";
                    };
                };
            };
            /** @description A bug: reported with its request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INTERNAL_ERROR";
                    };
                };
            };
            /** @description A dependency is unavailable: retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE";
                    };
                };
            };
        };
    };
    getWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["WebhookEndpoint"];
                        message: string;
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input (`VALIDATION_ERROR`, with `errors` naming each bad field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "VALIDATION_ERROR" | "INVALID_BODY" | "BAD_REQUEST";
                    };
                };
            };
            /** @description Missing, invalid, expired or revoked token (`UNAUTHORIZED`, `INVALID_TOKEN`, `TOKEN_EXPIRED`, `TOKEN_REVOKED`), or wrong credentials (`INVALID_CREDENTIALS`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNAUTHORIZED" | "INVALID_TOKEN" | "TOKEN_EXPIRED" | "TOKEN_REVOKED";
                    };
                };
            };
            /** @description Signed in but not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "FORBIDDEN";
                    };
                };
            };
            /** @description Not found (also another user's booking) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "WEBHOOK_NOT_FOUND";
                    };
                };
            };
            /** @description A path segment over 100 characters */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "URI_TOO_LONG";
                    };
                };
            };
            /** @description Request headers over 16 KB */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "HEADERS_TOO_LARGE";
                    };
                };
            };
            /** @description A bug: reported with its request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INTERNAL_ERROR";
                    };
                };
            };
            /** @description A dependency is unavailable: retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE";
                    };
                };
            };
        };
    };
    updateWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string | null;
                    enabled?: boolean;
                    events?: ("booking.pending" | "booking.confirmed" | "booking.rejected" | "booking.cancelled" | "booking.expired" | "booking.deleted" | "event.sold_out" | "event.restocked" | "category.sold_out" | "category.restocked" | "waitlist.offered")[];
                    url?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["WebhookEndpoint"];
                        message: string;
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input (`VALIDATION_ERROR`, with `errors` naming each bad field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "VALIDATION_ERROR" | "WEBHOOK_URL_REFUSED" | "INVALID_BODY" | "BAD_REQUEST";
                    };
                };
            };
            /** @description Missing, invalid, expired or revoked token (`UNAUTHORIZED`, `INVALID_TOKEN`, `TOKEN_EXPIRED`, `TOKEN_REVOKED`), or wrong credentials (`INVALID_CREDENTIALS`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNAUTHORIZED" | "INVALID_TOKEN" | "TOKEN_EXPIRED" | "TOKEN_REVOKED";
                    };
                };
            };
            /** @description Signed in but not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "FORBIDDEN";
                    };
                };
            };
            /** @description Not found (also another user's booking) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "WEBHOOK_NOT_FOUND";
                    };
                };
            };
            /** @description Body over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "PAYLOAD_TOO_LARGE";
                    };
                };
            };
            /** @description A path segment over 100 characters */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "URI_TOO_LONG";
                    };
                };
            };
            /** @description Not `application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    };
                };
            };
            /** @description Request headers over 16 KB */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "HEADERS_TOO_LARGE";
                    };
                };
            };
            /** @description A bug: reported with its request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INTERNAL_ERROR";
                    };
                };
            };
            /** @description A dependency is unavailable: retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE";
                    };
                };
            };
        };
    };
    deleteWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: string;
                        };
                        message: string;
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input (`VALIDATION_ERROR`, with `errors` naming each bad field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "VALIDATION_ERROR" | "INVALID_BODY" | "BAD_REQUEST";
                    };
                };
            };
            /** @description Missing, invalid, expired or revoked token (`UNAUTHORIZED`, `INVALID_TOKEN`, `TOKEN_EXPIRED`, `TOKEN_REVOKED`), or wrong credentials (`INVALID_CREDENTIALS`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNAUTHORIZED" | "INVALID_TOKEN" | "TOKEN_EXPIRED" | "TOKEN_REVOKED";
                    };
                };
            };
            /** @description Signed in but not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "FORBIDDEN";
                    };
                };
            };
            /** @description Not found (also another user's booking) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "WEBHOOK_NOT_FOUND";
                    };
                };
            };
            /** @description A path segment over 100 characters */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "URI_TOO_LONG";
                    };
                };
            };
            /** @description Not `application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    };
                };
            };
            /** @description Request headers over 16 KB */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "HEADERS_TOO_LARGE";
                    };
                };
            };
            /** @description A bug: reported with its request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INTERNAL_ERROR";
                    };
                };
            };
            /** @description A dependency is unavailable: retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE";
                    };
                };
            };
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: {
                limit?: number;
                page?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["WebhookDelivery"][];
                        message: string;
                        meta: components["schemas"]["PageMeta"];
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input (`VALIDATION_ERROR`, with `errors` naming each bad field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "VALIDATION_ERROR" | "INVALID_BODY" | "BAD_REQUEST";
                    };
                };
            };
            /** @description Missing, invalid, expired or revoked token (`UNAUTHORIZED`, `INVALID_TOKEN`, `TOKEN_EXPIRED`, `TOKEN_REVOKED`), or wrong credentials (`INVALID_CREDENTIALS`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNAUTHORIZED" | "INVALID_TOKEN" | "TOKEN_EXPIRED" | "TOKEN_REVOKED";
                    };
                };
            };
            /** @description Signed in but not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "FORBIDDEN";
                    };
                };
            };
            /** @description Not found (also another user's booking) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "WEBHOOK_NOT_FOUND";
                    };
                };
            };
            /** @description A path segment over 100 characters */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "URI_TOO_LONG";
                    };
                };
            };
            /** @description Request headers over 16 KB */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "HEADERS_TOO_LARGE";
                    };
                };
            };
            /** @description A bug: reported with its request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INTERNAL_ERROR";
                    };
                };
            };
            /** @description A dependency is unavailable: retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE";
                    };
                };
            };
        };
    };
    replayWebhookDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                deliveryId: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted: queued, poll the Location */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ReplayAccepted"];
                        message: string;
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input (`VALIDATION_ERROR`, with `errors` naming each bad field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "VALIDATION_ERROR" | "INVALID_BODY" | "BAD_REQUEST";
                    };
                };
            };
            /** @description Missing, invalid, expired or revoked token (`UNAUTHORIZED`, `INVALID_TOKEN`, `TOKEN_EXPIRED`, `TOKEN_REVOKED`), or wrong credentials (`INVALID_CREDENTIALS`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNAUTHORIZED" | "INVALID_TOKEN" | "TOKEN_EXPIRED" | "TOKEN_REVOKED";
                    };
                };
            };
            /** @description Signed in but not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "FORBIDDEN";
                    };
                };
            };
            /** @description Not found (also another user's booking) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "WEBHOOK_NOT_FOUND" | "DELIVERY_NOT_FOUND";
                    };
                };
            };
            /** @description A path segment over 100 characters */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "URI_TOO_LONG";
                    };
                };
            };
            /** @description Not `application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    };
                };
            };
            /** @description Request headers over 16 KB */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "HEADERS_TOO_LARGE";
                    };
                };
            };
            /** @description A bug: reported with its request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INTERNAL_ERROR";
                    };
                };
            };
            /** @description A dependency is unavailable: retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "QUEUE_UNAVAILABLE" | "SERVICE_UNAVAILABLE";
                    };
                };
            };
        };
    };
    rotateWebhookSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["RotatedSecret"];
                        message: string;
                        /** @enum {boolean} */
                        success: true;
                    };
                };
            };
            /** @description Invalid input (`VALIDATION_ERROR`, with `errors` naming each bad field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "VALIDATION_ERROR" | "INVALID_BODY" | "BAD_REQUEST";
                    };
                };
            };
            /** @description Missing, invalid, expired or revoked token (`UNAUTHORIZED`, `INVALID_TOKEN`, `TOKEN_EXPIRED`, `TOKEN_REVOKED`), or wrong credentials (`INVALID_CREDENTIALS`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNAUTHORIZED" | "INVALID_TOKEN" | "TOKEN_EXPIRED" | "TOKEN_REVOKED";
                    };
                };
            };
            /** @description Signed in but not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "FORBIDDEN";
                    };
                };
            };
            /** @description Not found (also another user's booking) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "WEBHOOK_NOT_FOUND";
                    };
                };
            };
            /** @description A path segment over 100 characters */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "URI_TOO_LONG";
                    };
                };
            };
            /** @description Not `application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "UNSUPPORTED_MEDIA_TYPE";
                    };
                };
            };
            /** @description Request headers over 16 KB */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "HEADERS_TOO_LARGE";
                    };
                };
            };
            /** @description A bug: reported with its request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "INTERNAL_ERROR";
                    };
                };
            };
            /** @description A dependency is unavailable: retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before asking again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @enum {string} */
                        code: "SERVICE_UNAVAILABLE";
                    };
                };
            };
        };
    };
}
