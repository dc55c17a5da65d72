"""Files on disk: safe names, atomic writes, and the journal of what policykit wrote where."""
