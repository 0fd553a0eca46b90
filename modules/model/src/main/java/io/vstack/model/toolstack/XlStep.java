package io.vstack.model.toolstack;

/**
 * Where an xl worker waits outside the conversations it shares with xenopsd ({@link SharedStep}): its own steps,
 * in a file of their own so that the collaborators running them ({@link Ballooning}, {@link NameLookup},
 * {@link XlRestart}) and the worker do not import each other.
 */
enum XlStep {
  parse, xl_lock, name_lookup, balloon_query, balloon_target, balloon_cpu, balloon_poll, noxs_lookup_cpu,
  noxs_device, noxs_devctl, noxs_teardown, noxs_teardown_devctl, rename_tx_start, rename_tx_apply,
  rename_tx_commit
}
