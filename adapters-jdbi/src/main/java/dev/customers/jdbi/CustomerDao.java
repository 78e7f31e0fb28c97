package dev.customers.jdbi;

import org.jdbi.v3.sqlobject.customizer.QueryTimeOut;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The availability probe's query; reads are in {@link ReadStatements}, the create path in {@link CreateStatements}. */
interface CustomerDao {

  @SqlQuery("select 1")
  @QueryTimeOut(1)
  int ping();
}
