-- 0011: webhooks. An organisation's endpoints (URL, the events it wants, its signing secret and, for
-- a while after a rotation, the previous one), an outbox of events written in the same transaction
-- as the change they announce (webhook_events), one delivery per event and matching endpoint, claimed
-- and leased like an analysis (webhook_deliveries), and every HTTP try of a delivery with its status,
-- latency and the head of the answer (webhook_delivery_attempts).

CREATE TABLE webhook_endpoints (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    url character varying(2000) NOT NULL,
    description character varying(300) NOT NULL,
    events text[] NOT NULL,
    secret character varying(100) NOT NULL,
    previous_secret character varying(100),
    previous_secret_until timestamp with time zone,
    enabled boolean NOT NULL,
    disabled_at timestamp with time zone,
    disabled_reason character varying(500),
    failing_since timestamp with time zone,
    last_success_at timestamp with time zone,
    created_by_user_id uuid,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_webhook_endpoints PRIMARY KEY (id),
    CONSTRAINT fk_webhook_endpoints_organization_id FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE,
    CONSTRAINT fk_webhook_endpoints_created_by_user_id FOREIGN KEY (created_by_user_id) REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX ix_webhook_endpoints_organization_id ON webhook_endpoints (organization_id);
CREATE INDEX ix_webhook_endpoints_created_by_user_id ON webhook_endpoints (created_by_user_id);

-- The outbox: body is the exact JSON sent (text, not jsonb, which would reorder keys), so every try
-- and every redelivery signs the same bytes. relayed_at is set when its deliveries were made.
CREATE TABLE webhook_events (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    type character varying(50) NOT NULL,
    body text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    relayed_at timestamp with time zone,
    CONSTRAINT pk_webhook_events PRIMARY KEY (id),
    CONSTRAINT fk_webhook_events_organization_id FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE
);
CREATE INDEX ix_webhook_events_organization_id ON webhook_events (organization_id);
CREATE INDEX ix_webhook_events_relayed_at_created_at ON webhook_events (relayed_at, created_at);

CREATE TABLE webhook_deliveries (
    id uuid NOT NULL,
    endpoint_id uuid NOT NULL,
    event_id uuid NOT NULL,
    reason character varying(20) NOT NULL,
    status character varying(20) NOT NULL,
    attempts integer NOT NULL,
    tries integer NOT NULL,
    worker_name character varying(200),
    started_at timestamp with time zone,
    lease_until timestamp with time zone,
    queue_job_id character varying(100),
    next_attempt_at timestamp with time zone,
    last_status_code integer,
    last_latency_ms integer,
    last_error character varying(500),
    created_at timestamp with time zone NOT NULL,
    finished_at timestamp with time zone,
    CONSTRAINT pk_webhook_deliveries PRIMARY KEY (id),
    CONSTRAINT fk_webhook_deliveries_endpoint_id FOREIGN KEY (endpoint_id) REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    CONSTRAINT fk_webhook_deliveries_event_id FOREIGN KEY (event_id) REFERENCES webhook_events (id) ON DELETE CASCADE
);
CREATE INDEX ix_webhook_deliveries_endpoint_id_created_at ON webhook_deliveries (endpoint_id, created_at);
CREATE INDEX ix_webhook_deliveries_event_id ON webhook_deliveries (event_id);
CREATE INDEX ix_webhook_deliveries_status ON webhook_deliveries (status);

CREATE TABLE webhook_delivery_attempts (
    id uuid NOT NULL,
    delivery_id uuid NOT NULL,
    number integer NOT NULL,
    at timestamp with time zone NOT NULL,
    status_code integer,
    latency_ms integer NOT NULL,
    response_excerpt character varying(1000),
    error character varying(500),
    CONSTRAINT pk_webhook_delivery_attempts PRIMARY KEY (id),
    CONSTRAINT fk_webhook_delivery_attempts_delivery_id FOREIGN KEY (delivery_id) REFERENCES webhook_deliveries (id) ON DELETE CASCADE
);
CREATE INDEX ix_webhook_delivery_attempts_delivery_id_number ON webhook_delivery_attempts (delivery_id, number);

-- A new event wakes the relays at once (delivered at commit, so never before the change is visible);
-- they also poll, for a notification lost while no relay listened.
CREATE FUNCTION crashdesk_notify_webhook_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('crashdesk_webhook_events', '');
    RETURN NULL;
END;
$$;
CREATE TRIGGER tr_webhook_events_notify AFTER INSERT ON webhook_events
    FOR EACH STATEMENT EXECUTE FUNCTION crashdesk_notify_webhook_event();
