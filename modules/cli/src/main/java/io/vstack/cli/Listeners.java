package io.vstack.cli;

import io.vstack.engine.DeliveryListener;

/** Combines delivery hooks. */
final class Listeners {
  private Listeners() {
  }

  static DeliveryListener both(DeliveryListener a, DeliveryListener b) {
    return (time, sent, sender, receiver, message) -> {
      a.onDeliver(time, sent, sender, receiver, message);
      b.onDeliver(time, sent, sender, receiver, message);
    };
  }
}
