package dev.customers.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AccessLogTest {

  @Test
  void durationsAreWrittenAsPercentPointOneFWritesThem() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i <= 200_000; i++) {
      float millis = i % 2 == 0 ? i / 1000f : (float) (random.nextDouble() * 60_000);
      assertThat(AccessLog.oneDecimal(millis)).as("%s", millis)
          .isEqualTo(String.format(Locale.ROOT, "%.1f", millis));
    }
  }

  @Test
  void pathSegmentsThatAreNotPlainAreHidden() {
    assertThat(AccessLog.safePath("/api/admin/users/42/")).isEqualTo("/api/admin/users/42/");
    assertThat(AccessLog.safePath("/api/admin/users/jane@example.com/")).isEqualTo("/api/admin/users/*/");
  }

  @Test
  void aLongMethodOrPathIsCut() {
    assertThat(AccessLog.safeMethod("POST")).isEqualTo("POST");
    assertThat(AccessLog.safeMethod("M".repeat(6_000))).isEqualTo("M".repeat(16) + "*");
    assertThat(AccessLog.safeMethod("GE\"T")).isEqualTo("GE*T");
    String longPath = ("/" + "a".repeat(64)).repeat(8) + "/";

    assertThat(AccessLog.safePath(longPath)).hasSize(AccessLog.MAX_PATH + 1).endsWith("*");
    assertThat(AccessLog.safePath("/" + "b".repeat(7_000))).isEqualTo("/*");
  }
}
