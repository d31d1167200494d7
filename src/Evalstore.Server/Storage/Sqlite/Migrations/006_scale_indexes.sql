-- Indexes for a million results in a workspace (issue 15). Every list, stream and leaderboard query reads live results
-- of one workspace ("workspace = ? AND deleted_at IS NULL"), so each index is partial on that literal condition.
-- Keyset streaming walks result_key; the list sorts by created_at; the leaderboard takes the latest completed result
-- per model of a dataset or benchmark from the index alone; Weave lists a project, NeMo a kind.
CREATE INDEX results_live_key ON results (workspace, result_key) WHERE deleted_at IS NULL;
CREATE INDEX results_live_created ON results (workspace, created_at, result_key) WHERE deleted_at IS NULL;
CREATE INDEX results_live_dataset ON results (workspace, dataset, status, model, created_at) WHERE deleted_at IS NULL;
CREATE INDEX results_live_benchmark ON results (workspace, benchmark, status, model, created_at) WHERE deleted_at IS NULL;
CREATE INDEX results_live_project ON results (workspace, project, created_at) WHERE deleted_at IS NULL;
CREATE INDEX results_live_kind ON results (workspace, kind, created_at) WHERE deleted_at IS NULL;
CREATE INDEX results_live_model ON results (workspace, model, created_at) WHERE deleted_at IS NULL;
-- Prune walks results by age across the workspace.
CREATE INDEX results_age ON results (workspace, created_at) WHERE deleted_at IS NULL AND status <> 'running';
