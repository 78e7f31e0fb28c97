package dev.customers.spring.autoconfigure;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The connection pool's metrics in Spring Boot's registry. Over the application's DataSource the repository has no
 * pool of its own: its connections are that pool's, so the metrics are that pool's. A HikariCP pool that reports to
 * no registry yet reports to Boot's ({@code hikaricp.connections...}, tagged with the pool's name), as Actuator's own
 * DataSource metrics would have it; one that already reports (Actuator bound it first) is left as it is.
 */
public final class CustomersPoolMetrics implements MeterBinder {

  private static final System.Logger LOG = System.getLogger(CustomersPoolMetrics.class.getName());

  private final DataSource dataSource;

  public CustomersPoolMetrics(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    HikariDataSource hikari = hikari(dataSource);
    if (hikari == null) {
      LOG.log(Level.INFO, "customers runs over the application's DataSource, which is no HikariCP pool: "
          + "customers has no pool of its own whose metrics it could report");
      return;
    }
    synchronized (hikari) {
      if (hikari.getMetricRegistry() == null && hikari.getMetricsTrackerFactory() == null) {
        hikari.setMetricRegistry(registry);
      }
    }
    LOG.log(Level.INFO, "customers runs over the application's DataSource, pool " + hikari.getPoolName()
        + ", not a pool of its own: its connection metrics are that pool's (hikaricp.connections)");
  }

  private static HikariDataSource hikari(DataSource dataSource) {
    try {
      return dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class) : null;
    } catch (SQLException e) {
      return null;
    }
  }
}
