-- Verdicts and roles are stored as their enum names (@Enumerated(STRING)): YES/NO/UNSURE, RATER/ADMIN.
update assignment set action_verdict = upper(action_verdict), subject_verdict = upper(subject_verdict);
update rater set rater_role = upper(rater_role);

-- A run's label names it to people and in the exports, so it must not collide. Runs imported before took
-- their directory's name, which two runs may share (the demo's output is always "run"): the later ones get
-- their id appended.
update run set label = label || '-' || cast(id as varchar(20))
    where exists (select 1 from run older where older.label = run.label and older.id < run.id);
alter table run add constraint run_label_unique unique (label);
