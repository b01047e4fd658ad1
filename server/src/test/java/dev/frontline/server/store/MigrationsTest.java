package dev.frontline.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationsTest {
  @Test
  void scriptsSplitOnLineEndingSemicolons_andDropComments() {
    List<String> s = Migrations.statements("-- a comment\nCREATE TABLE a (x INT);\n\nCREATE INDEX i\n  ON a (x);\nSELECT 1");
    assertEquals(List.of("CREATE TABLE a (x INT)", "CREATE INDEX i\n  ON a (x)", "SELECT 1"), s);
  }
}
