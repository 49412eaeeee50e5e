"""Named-entity backends, the batched LAC runner, spaCy glue and newspaper post-processing."""
