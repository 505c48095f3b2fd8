-- A run's last checkpoint: the phase it was in and when it was saved. A run the service was in the
-- middle of when it stopped is found RUNNING at the next start and ends INTERRUPTED with these.

alter table run add column phase varchar(16);
alter table run add column checkpoint_at timestamp with time zone;
