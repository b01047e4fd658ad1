package dev.frontline.server.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StaticFilesTest {
  private final StaticFiles files = new StaticFiles();

  @Test
  void everyStaffPage_isServedAsHtml_withAndWithoutTheTrailingSlash() {
    for (String page : new String[] {"/console", "/supervisor", "/editor", "/admin", "/admin/"}) {
      StaticFiles.File f = files.find(page);
      assertNotNull(f, page);
      assertEquals("text/html; charset=utf-8", f.contentType(), page);
    }
    String admin = new String(files.find("/admin").bytes(), StandardCharsets.UTF_8);
    assertTrue(admin.contains("/web/admin/admin.js"), "the admin page loads its module");
    assertNotNull(files.find("/web/admin/admin.js"));
  }

  @Test
  void unknownPagesAndPathsOutsideWeb_areNotFound() {
    assertNull(files.find("/administrator"));
    assertNull(files.find("/web/../admin"));
  }
}
