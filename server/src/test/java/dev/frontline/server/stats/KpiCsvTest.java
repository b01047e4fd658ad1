package dev.frontline.server.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KpiCsvTest {
  @Test
  void anAgentsNameThatWouldBeAFormula_isDefused_figuresAreNot_andNestedFieldsGetDottedColumns() {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("name", "=HYPERLINK(\"http://evil.example\",\"x\")");
    row.put("group", "\tcmd");
    row.put("handleSeconds", -1.5);
    row.put("csat", Map.of("average", 4));
    String csv = new String(KpiCsv.write(List.of(row)), StandardCharsets.UTF_8);
    assertEquals("\uFEFFname,group,handleSeconds,csat.average\r\n"
        + "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",'\tcmd,-1.5,4\r\n", csv);
  }
}
