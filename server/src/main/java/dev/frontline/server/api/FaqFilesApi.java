package dev.frontline.server.api;

import dev.frontline.knowledge.importer.FaqCsv;
import dev.frontline.knowledge.importer.FaqFormatException;
import dev.frontline.knowledge.importer.FaqJsonl;
import dev.frontline.knowledge.importer.FaqRecord;
import dev.frontline.server.kb.Editor;
import dev.frontline.server.kb.FaqHead;
import dev.frontline.server.kb.FaqQueries;
import dev.frontline.server.kb.FaqService;
import dev.frontline.server.protocol.ApiException;
import dev.frontline.server.protocol.ErrorCode;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Import and export as JSON Lines (the datasets' format) and CSV (spreadsheets; UTF-8, BOM
 * accepted and written). An import is all or nothing: the first bad line answers 400
 * {@code invalid_field} naming the line, and nothing is stored.
 */
final class FaqFilesApi {
  private final FaqService service;
  private final FaqQueries queries;

  FaqFilesApi(FaqService service, FaqQueries queries) {
    this.service = service;
    this.queries = queries;
  }

  void register(Router r) {
    r.secured("POST", "/api/faq/import", this::importFile, FaqApi.WRITERS);
    r.secured("GET", "/api/faq/export", this::export, FaqApi.READERS);
  }

  private ApiResponse importFile(ApiRequest req) throws Exception {
    boolean csv = csv(req.query("format"), req.header("content-type"));
    List<FaqRecord> records;
    try (Reader in = utf8(req.body())) {
      records = csv ? FaqCsv.read(in) : FaqJsonl.read(in);
    } catch (FaqFormatException e) {
      throw new ApiException(ErrorCode.INVALID_FIELD, e.getMessage());
    }
    if (records.isEmpty()) {
      throw ApiException.invalid("body", "holds no entries");
    }
    int n = service.importAll(Editor.of(req.principal()), records);
    return ApiResponse.ok(Map.of("imported", n));
  }

  private ApiResponse export(ApiRequest req) throws Exception {
    String format = req.query("format") == null ? "jsonl" : req.query("format");
    if (!format.equals("jsonl") && !format.equals("csv")) {
      throw ApiException.invalid("format", "must be jsonl or csv");
    }
    String scope = req.query("scope") == null ? "live" : req.query("scope");
    List<FaqRecord> records = new ArrayList<>();
    switch (scope) {
      case "live" -> queries.live().forEach(l -> records.add(new FaqRecord(l.id(), l.content())));
      case "latest" -> {
        for (FaqHead h : queries.allLatest()) {
          records.add(new FaqRecord(h.id(), h.content()));
        }
      }
      default -> throw ApiException.invalid("scope", "must be live or latest");
    }
    StringBuilder out = new StringBuilder();
    if (format.equals("csv")) {
      FaqCsv.write(records, out, true);
    } else {
      FaqJsonl.write(records, out);
    }
    String type = format.equals("csv") ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
    return ApiResponse.raw(200, out.toString().getBytes(StandardCharsets.UTF_8), type)
        .withHeader("Content-Disposition", "attachment; filename=\"faq." + format + "\"");
  }

  static boolean csv(String format, String contentType) {
    if (format != null) {
      return switch (format) {
        case "csv" -> true;
        case "jsonl" -> false;
        default -> throw ApiException.invalid("format", "must be jsonl or csv");
      };
    }
    return contentType != null && contentType.toLowerCase(Locale.ROOT).contains("csv");
  }

  /** Strict UTF-8: a file saved in another encoding is refused rather than garbled. */
  private static Reader utf8(byte[] body) {
    try {
      return new StringReader(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString());
    } catch (CharacterCodingException e) {
      throw ApiException.invalid("body", "is not UTF-8 text (save the file as UTF-8, e.g. Excel's \"CSV UTF-8\")");
    }
  }
}
