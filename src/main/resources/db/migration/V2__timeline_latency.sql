-- The ack latency of each second of the timeline, and the instant its second 0 stands for (when the
-- probes started), so that pages can place each fault's window on it.

alter table run add column probes_started_at timestamp with time zone;
alter table run_timeline add column ack_latency_mean_us bigint default 0 not null;
alter table run_timeline add column ack_latency_max_us bigint default 0 not null;
