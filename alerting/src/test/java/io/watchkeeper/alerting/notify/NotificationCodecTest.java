package io.watchkeeper.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NotificationCodecTest {
  @Test
  void roundTripsEveryField() {
    Notification n = OutboxContractTest.notification("{}:{alertname=\"A\"}", 5);

    assertThat(NotificationCodec.decode(NotificationCodec.encode(n))).isEqualTo(n);
  }

  @Test
  void rejectsGarbage() {
    assertThatThrownBy(() -> NotificationCodec.decode(new byte[] {9})).hasMessageContaining("unknown version");
    assertThatThrownBy(() -> NotificationCodec.decode(new byte[] {1, 0})).hasMessageContaining("truncated");
  }
}
