-- A completed ride lasts at least a minute. An audit selects the rows that break the rule.
AUDIT (
  name assert_positive_minutes
);

SELECT *
FROM @this_model
WHERE status = 'completed'
  AND minutes <= 0
