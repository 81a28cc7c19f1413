package dev.chorus.coordinator.translate;

import dev.chorus.coordinator.Engine;
import dev.chorus.coordinator.SqlStates;
import dev.chorus.coordinator.lock.LockPlan;
import dev.chorus.coordinator.sql.Analysis;
import dev.chorus.coordinator.sql.SqlLexer;
import dev.chorus.coordinator.sql.SqlLexer.Token;
import dev.chorus.coordinator.sql.StatementKind;
import dev.chorus.coordinator.translate.GeneratedColumns.Kind;
import dev.chorus.coordinator.translate.Translation.Control;
import dev.chorus.coordinator.translate.Translation.Rendered;
import dev.chorus.coordinator.translate.Translation.Slot;
import org.jooq.Configuration;
import org.jooq.DDLQuery;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Meta;
import org.jooq.Name;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.QueryPart;
import org.jooq.Row;
import org.jooq.SQLDialect;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.TableElement;
import org.jooq.conf.ParseNameCase;
import org.jooq.conf.ParseWithMetaLookups;
import org.jooq.conf.RenderNameCase;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.impl.DefaultVisitListenerProvider;
import org.jooq.impl.ParserException;
import org.jooq.impl.QOM;
import org.jooq.impl.SQLDataType;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates the application's SQL, written in one dialect (H2 by default), into each replica engine's dialect with
 * jOOQ, and rewrites what would let replicas choose different answers:
 * <ul>
 *   <li>names are always quoted, upper case for H2, Derby and HSQLDB, lower case for PostgreSQL;</li>
 *   <li>{@code ?} placeholders are mapped to their position in each engine's text (rendering may reorder them);</li>
 *   <li>CURRENT_TIMESTAMP, NOW(), LOCALTIMESTAMP, CURRENT_DATE, CURRENT_TIME, RAND() and RANDOM_UUID() become
 *       values the coordinator fixes once per statement and binds on every replica;</li>
 *   <li>identity and auto-increment columns, and columns whose DEFAULT is one of those functions, are filled by
 *       the coordinator ({@link GeneratedColumns});</li>
 *   <li>ORDER BY items get the application dialect's NULL ordering explicitly; LIKE gets H2's default escape
 *       character; CONCAT keeps H2's NULL semantics;</li>
 *   <li>IF [NOT] EXISTS on tables is checked by Chorus on engines that lack it (Derby);</li>
 *   <li>what jOOQ cannot render for an engine is rejected with a clear {@link SQLException}, never sent.</li>
 * </ul>
 * Translations are cached per SQL text; the cache is dropped when the schema changes.
 *
 * <p>Thread-safe.
 */
public final class Translator {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Translator.class);
    private static final int CACHE_LIMIT = 10_000;
    private static final Pattern IDENTITY_OPTIONS = Pattern.compile(
            "(?is)(?:IDENTITY|AUTO_INCREMENT)\\s*\\(\\s*(?:START\\s+WITH\\s+)?(-?\\d+)\\s*(?:,?\\s*(?:INCREMENT\\s+BY\\s+)?(-?\\d+))?");
    /** The names jOOQ gives the columns of an INSERT without a column list. */
    private static final Pattern UNKNOWN_FIELD = Pattern.compile("unknown field \\d+");
    private static final Pattern GENERATED_ALWAYS = Pattern.compile("(?is)GENERATED\\s+ALWAYS\\s+AS\\s+IDENTITY");
    static final String TIMESTAMP_SLOT = "ts";
    static final String DATE_SLOT = "dt";
    static final String TIME_SLOT = "tm";
    static final String RANDOM_SLOT = "rnd";
    static final String UUID_SLOT = "uid";
    static final String GENERATED_SLOT = "g";
    /** The decimal places a placeholder in arithmetic with a DECIMAL operand keeps. */
    static final int ARITHMETIC_PARAMETER_SCALE = 15;

    static {
        // jOOQ prints a banner and tips to its log on first use unless told not to.
        if (System.getProperty("org.jooq.no-logo") == null) {
            System.setProperty("org.jooq.no-logo", "true");
        }
        if (System.getProperty("org.jooq.no-tips") == null) {
            System.setProperty("org.jooq.no-tips", "true");
        }
    }

    private final SQLDialect dialect;
    private final Engine dialectEngine;
    private final Set<Engine> engines;
    private final GeneratedColumns generated;
    private final SchemaCatalog schema;
    private final Settings parseSettings;
    /** H2's labels for queries (the application dialect H2 only). */
    private final LabelOracle labelOracle;
    private final Map<String, Translation> cache = new ConcurrentHashMap<>();
    private volatile long cacheEpoch;

    /**
     * @param dialect   the application's dialect
     * @param engines   the engines of the replica set
     * @param generated the coordinator's catalog of generated columns
     * @param schema    the application's tables as the replicas describe them (column types, keys)
     */
    public Translator(SQLDialect dialect, Set<Engine> engines, GeneratedColumns generated, SchemaCatalog schema) {
        this.dialect = dialect;
        this.dialectEngine = engineOf(dialect);
        this.engines = Set.copyOf(engines);
        this.generated = generated;
        this.schema = schema;
        this.labelOracle = dialect.family() == SQLDialect.H2 ? new LabelOracle() : null;
        this.parseSettings = new Settings().withParseNameCase(ParseNameCase.UPPER_IF_UNQUOTED)
                .withParseUnknownFunctions(org.jooq.conf.ParseUnknownFunctions.IGNORE)
                .withRenderQuotedNames(RenderQuotedNames.ALWAYS).withRenderNameCase(RenderNameCase.AS_IS);
    }

    /** Releases the label database. */
    public void close() {
        if (labelOracle != null) {
            labelOracle.close();
        }
    }

    /**
     * A table's or column's name as Chorus created it on an engine: application names in lower case on PostgreSQL
     * (rendered with {@code RenderNameCase.LOWER}), Chorus's own tables (schema {@code CHORUS}) as written everywhere.
     *
     * @param table the table the name belongs to (or is), as the write sets spell it
     */
    public static String engineName(Engine engine, String table, String name) {
        return engine == Engine.POSTGRESQL && !table.startsWith("CHORUS.") ? name.toLowerCase(java.util.Locale.ROOT) : name;
    }

    /** The jOOQ dialect of an application dialect name from the configuration (H2, DERBY, HSQLDB, POSTGRES). */
    public static SQLDialect dialect(String name) {
        return switch (name.trim().toUpperCase(Locale.ROOT)) {
            case "H2" -> SQLDialect.H2;
            case "DERBY" -> SQLDialect.DERBY;
            case "HSQLDB" -> SQLDialect.HSQLDB;
            case "POSTGRES", "POSTGRESQL" -> SQLDialect.POSTGRES;
            default -> throw new IllegalArgumentException("unknown SQL dialect '" + name + "' (known: H2, DERBY, HSQLDB, POSTGRES)");
        };
    }

    static Engine engineOf(SQLDialect d) {
        return switch (d.family()) {
            case H2 -> Engine.H2;
            case DERBY -> Engine.DERBY;
            case HSQLDB -> Engine.HSQLDB;
            case POSTGRES -> Engine.POSTGRESQL;
            default -> Engine.OTHER;
        };
    }

    public static SQLDialect dialectOf(Engine e, SQLDialect application) {
        return switch (e) {
            case H2 -> SQLDialect.H2;
            case DERBY -> SQLDialect.DERBY;
            case HSQLDB -> SQLDialect.HSQLDB;
            case POSTGRESQL -> SQLDialect.POSTGRES;
            case OTHER -> application;
        };
    }

    public SQLDialect dialect() {
        return dialect;
    }

    /** The engine that speaks the application's dialect natively, or {@link Engine#OTHER}. */
    public Engine dialectEngine() {
        return dialectEngine;
    }

    /**
     * Records that an engine rejected a query the others answered, as SQL it does not have: the query's cached
     * translation runs without that engine's replicas from now on (until the schema changes).
     */
    public void learnUnsupported(Translation t, Engine e, SQLException why) {
        Map<Engine, String> unsupported = new EnumMap<>(Engine.class);
        unsupported.putAll(t.unsupported());
        unsupported.put(e, e.displayName() + " rejected it (" + why.getSQLState() + ": " + firstLine(why.getMessage()) + ")");
        Map<Engine, Rendered> rendered = new EnumMap<>(Engine.class);
        rendered.putAll(t.rendered());
        rendered.remove(e);
        cache.replace(t.analysis().sql(), t, new Translation(t.analysis(), t.control(), t.slots(), rendered, t.insertSelect(),
                t.created(), t.dropped(), unsupported, t.paramScales(), t.labels(), t.locks(), t.capture()));
    }

    /**
     * Every base table of the schema as last read (see {@link SchemaCatalog}), with its reads on every engine of the
     * replica set, in name order.
     */
    public List<CapturePlan.Table> tables() {
        List<CapturePlan.Table> out = new ArrayList<>(CapturePlanner.allTables(schema, engines, dialect));
        if (generated.tableCreated()) {
            out.add(GeneratedColumns.STATE_TABLE.apply(engines));
        }
        return out;
    }

    /**
     * The translation of a statement, from the cache when the schema did not change since it was made.
     *
     * @throws SQLException a clear error when the statement cannot be parsed or cannot be rendered for one of the
     *                      engines; nothing was sent anywhere
     */
    public Translation translate(Analysis a, long schemaEpoch) throws SQLException {
        if (schemaEpoch != cacheEpoch) {
            cache.clear();
            cacheEpoch = schemaEpoch;
        }
        Translation t = cache.get(a.sql());
        if (t != null) {
            return t;
        }
        t = compute(a);
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        if (cacheEpoch == schemaEpoch) {
            // (not when the schema changed meanwhile: the translation was made for the schema before)
            cache.put(a.sql(), t);
        }
        return t;
    }

    private Translation compute(Analysis a) throws SQLException {
        if (a.kind() == StatementKind.SESSION_CONTROL) {
            return new Translation(a, control(a), List.of(), Map.of(), null, null, null, Map.of(), Map.of(), null, null, null);
        }
        Query q = parse(a);
        if (a.kind() == StatementKind.DDL) {
            rejectZonedTypes(a);
        }
        LockPlan locks = a.kind() == StatementKind.DDL || a.kind() == StatementKind.OTHER ? LockPlan.EXCLUSIVE
                : LockPlanner.plan(q, schema, generated);
        Builder b = new Builder(a);
        if (q instanceof QOM.Insert<?> ins) {
            if (ins.$select() != null && (!generated.of(key(ins.$into())).isEmpty() || !placeholderSelected(ins.$select()))) {
                // Never let replicas choose the rows: the SELECT is voted, then its rows are inserted. (A placeholder
                // in the select list has no type outside the INSERT: Derby refuses it; such a statement runs as is.)
                return new Translation(a, null, List.of(), Map.of(), insertSelect(a), null, null, Map.of(), Map.of(), null, null, null);
            }
            q = fillGenerated(ins, b);
        } else if (q instanceof QOM.CreateTable ct) {
            q = createTable(ct, a, b);
        } else if (q instanceof QOM.DropTable dt) {
            b.dropped = key(dt.$table());
        } else if (a.kind() == StatementKind.DDL && mentionsIdentity(a.sql())) {
            throw unsupported(a, "identity columns can only be declared in CREATE TABLE");
        }
        if (q instanceof Select<?> s) {
            List<Token> tokens = SqlLexer.tokenize(a.sql());
            b.outerJoin = tokens.stream().anyMatch(t -> t.isWord("LEFT") || t.isWord("RIGHT") || t.isWord("FULL"));
            // a query combining queries (UNION, INTERSECT, EXCEPT, MINUS) keeps its ORDER BY as written
            boolean setOperation = tokens.stream().anyMatch(t -> t.isWord("UNION") || t.isWord("INTERSECT")
                    || t.isWord("EXCEPT") || t.isWord("MINUS"));
            if (!setOperation) {
                s = Ordering.rewrite(s, b.outerJoin, b.notNullSort);
                q = s;
            }
            bindPagingPlaceholders(s);
        }
        if (dialect.family() == SQLDialect.H2) {
            decimalAssignments(q, b);
        }
        Map<Engine, String> unsupported = new EnumMap<>(Engine.class);
        SQLFeatureNotSupportedException first = null;
        for (Engine e : engines) {
            try {
                b.rendered.put(e, render(q, e, a, b, true));
            } catch (SQLFeatureNotSupportedException ex) {
                // A query one engine cannot compute can still be answered by the others; anything else cannot.
                if (a.kind() != StatementKind.QUERY) {
                    throw ex;
                }
                first = first == null ? ex : first;
                unsupported.put(e, ex.getMessage());
            }
        }
        if (b.rendered.isEmpty()) {
            throw first;
        }
        CapturePlan capture = null;
        if (a.kind() == StatementKind.WRITE || a.kind() == StatementKind.OTHER || q instanceof QOM.Truncate<?>) {
            // (a statement Chorus does not classify, CALL say, may change any table: CapturePlanner diffs them all)
            capture = CapturePlanner.plan(q, schema, engines, dialect, (select, e) -> render(select, e, a, b, false));
        }
        List<String> labels = labelOracle != null && a.kind() == StatementKind.QUERY ? labelOracle.labels(a.sql(), schema) : null;
        return new Translation(a, null, b.slotList(), b.rendered, null, b.created, b.dropped, unsupported, b.paramScales, labels, locks,
                capture);
    }

    /** Per-translation state shared by the renderings of every engine. */
    static final class Builder {
        final Analysis analysis;
        final Map<String, Slot> slots = new LinkedHashMap<>();
        final Map<Engine, Rendered> rendered = new EnumMap<>(Engine.class);
        /** Values assigned to DECIMAL columns with more decimal places than the column: rounded as H2 rounds. */
        final Map<QueryPart, DataType<?>> decimalTargets = new java.util.IdentityHashMap<>();
        /** Whether a query may have outer joins, where a NOT NULL column can still give NULLs. */
        boolean outerJoin = true;
        /** ORDER BY items added by {@link Ordering} that are never NULL in the result. */
        final Set<Field<?>> notNullSort = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        /** Placeholders in arithmetic with a DECIMAL operand (see Rewriter.arithmeticParameters). */
        final Set<QueryPart> decimalOperands = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        /** The application's parameters assigned to DECIMAL columns, by index: the column's scale. */
        final Map<Integer, Integer> paramScales = new HashMap<>();
        Translation.Created created;
        String dropped;

        Builder(Analysis analysis) {
            this.analysis = analysis;
        }

        /** A named parameter for a slot, registering the slot on first use. */
        Param<Object> slot(String name, Slot slot) {
            slots.putIfAbsent(name, slot);
            return DSL.param(name);
        }

        List<Slot> slotList() {
            return new ArrayList<>(slots.values());
        }

        int slotIndex(String name) {
            return new ArrayList<>(slots.keySet()).indexOf(name);
        }
    }

    // ---- parsing -------------------------------------------------------------------------------------------

    private Query parse(Analysis a) throws SQLException {
        String named = Placeholders.name(a.sql());
        Meta meta = a.kind() == StatementKind.DDL ? null : schema.meta();
        if (meta != null) {
            Configuration typed = new DefaultConfiguration().set(dialect)
                    .set(((Settings) parseSettings.clone()).withParseWithMetaLookups(ParseWithMetaLookups.IGNORE_ON_FAILURE))
                    .set(() -> meta);
            try {
                Query q = DSL.using(typed).parser().parseQuery(named);
                if (q != null) {
                    return q;
                }
            } catch (DataAccessException | IllegalArgumentException e) {
                // jOOQ 3.19 refuses some statements once it knows the columns (a column used as a condition:
                // WHERE flag): parse again without types; type-dependent rewrites then do not apply.
                LOG.debug("parsing with column types failed ({}), parsing without: {}", firstLine(e.getMessage()), a.sql());
            }
        }
        Query q;
        try {
            q = DSL.using(dialect, parseSettings).parser().parseQuery(named);
        } catch (ParserException e) {
            throw new SQLSyntaxErrorException("Chorus cannot parse this statement in the application dialect " + dialect
                    + " (" + firstLine(e.getMessage()) + "): " + shorten(a.sql()), SqlStates.SYNTAX_ERROR, e);
        } catch (DataAccessException | IllegalArgumentException e) {
            throw new SQLSyntaxErrorException("Chorus cannot parse this statement: " + firstLine(e.getMessage()) + ": "
                    + shorten(a.sql()), SqlStates.SYNTAX_ERROR, e);
        }
        if (q == null) {
            throw new SQLSyntaxErrorException("the statement is empty", SqlStates.SYNTAX_ERROR);
        }
        return q;
    }

    /**
     * BEGIN, START TRANSACTION, SAVEPOINT, RELEASE SAVEPOINT and ROLLBACK TO SAVEPOINT, which the coordinator serves
     * with connection calls (Derby has no such SQL statements, and the transaction is Chorus's to manage).
     */
    private static Control control(Analysis a) throws SQLException {
        List<Token> t = SqlLexer.tokenize(a.sql());
        int n = t.size();
        String first = n == 0 ? "" : t.get(0).upper();
        if ((first.equals("BEGIN") && (n == 1 || (n == 2 && (t.get(1).isWord("TRANSACTION") || t.get(1).isWord("WORK")))))
                || (first.equals("START") && n == 2 && t.get(1).isWord("TRANSACTION"))) {
            return new Control(Control.Kind.BEGIN, null);
        }
        if (first.equals("SAVEPOINT") && n == 2) {
            return new Control(Control.Kind.SAVEPOINT, identifier(t.get(1)));
        }
        if (first.equals("RELEASE") && (n == 2 || (n == 3 && t.get(1).isWord("SAVEPOINT")))) {
            return new Control(Control.Kind.RELEASE_SAVEPOINT, identifier(t.get(n - 1)));
        }
        if (first.equals("ROLLBACK") && n >= 3 && n <= 5) {
            int i = 1;
            i += t.get(i).isWord("WORK") ? 1 : 0;
            if (i < n && t.get(i).isWord("TO")) {
                i++;
                i += i < n && t.get(i).isWord("SAVEPOINT") ? 1 : 0;
                if (i == n - 1) {
                    return new Control(Control.Kind.ROLLBACK_TO_SAVEPOINT, identifier(t.get(i)));
                }
            }
        }
        throw new SQLFeatureNotSupportedException("the SQL statement " + a.firstKeyword() + " is not supported by Chorus"
                + " (supported: BEGIN, START TRANSACTION, COMMIT, ROLLBACK, SAVEPOINT name, RELEASE SAVEPOINT name,"
                + " ROLLBACK TO SAVEPOINT name; session settings are the coordinator's): " + shorten(a.sql()),
                SqlStates.FEATURE_NOT_SUPPORTED);
    }

    private static String identifier(Token t) {
        if (t.type() == SqlLexer.Type.QUOTED_IDENTIFIER) {
            return t.text().substring(1, t.text().length() - 1).replace("\"\"", "\"");
        }
        return t.upper();
    }

    // ---- INSERT: generated columns and INSERT ... SELECT -----------------------------------------------------

    private Query fillGenerated(QOM.Insert<?> ins, Builder b) throws SQLException {
        List<GeneratedColumns.Column> gens = generated.of(key(ins.$into()));
        if (gens.isEmpty()) {
            return ins;
        }
        boolean positional = ins.$columns().stream().allMatch(f -> UNKNOWN_FIELD.matcher(f.getName()).matches());
        List<Field<?>> columns = positional ? new ArrayList<>() : new ArrayList<>(ins.$columns());
        List<List<Field<?>>> rows = new ArrayList<>();
        for (Row r : ins.$values()) {
            rows.add(new ArrayList<>(List.of(r.fields())));
        }
        if (ins.$defaultValues()) {
            rows.add(new ArrayList<>());
        }
        int slot = 0;
        for (GeneratedColumns.Column c : gens) {
            int at = positional && !ins.$defaultValues() ? c.ordinal() : indexOf(columns, c.name());
            boolean append = at < 0;
            if (append) {
                columns.add(DSL.field(DSL.name(c.name())));
            }
            for (int r = 0; r < rows.size(); r++) {
                List<Field<?>> row = rows.get(r);
                Param<Object> value = null;
                if (append) {
                    value = b.slot(GENERATED_SLOT + slot, new Slot(c.kind(), c, r));
                    row.add(value);
                } else if (at < row.size() && row.get(at) instanceof QOM.Default<?>) {
                    value = b.slot(GENERATED_SLOT + slot, new Slot(c.kind(), c, r));
                    row.set(at, value);
                } else if (c.always() && at < row.size()) {
                    throw new SQLException("column " + c.name() + " of " + c.table() + " is GENERATED ALWAYS; a value cannot"
                            + " be assigned to it: " + shorten(b.analysis.sql()), SqlStates.GENERATED_ALWAYS);
                }
                slot += value == null ? 0 : 1;
            }
        }
        if (slot == 0) {
            return ins;
        }
        List<Row> newRows = new ArrayList<>();
        for (List<Field<?>> r : rows) {
            newRows.add(DSL.row(r));
        }
        QOM.Insert<?> out = ins.$defaultValues(false);
        // jOOQ keeps an INSERT's values by column: the column list must be set before the rows.
        out = positional && !ins.$defaultValues() ? out : out.$columns(columns);
        return out.$values(newRows);
    }

    private static boolean placeholderSelected(Select<?> s) {
        return s.$select().stream().anyMatch(f -> f instanceof Param<?> p && !p.isInline());
    }

    private static int indexOf(List<Field<?>> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).getName().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Splits {@code INSERT INTO t [(columns)] SELECT ...} into its insert part and its query, lexically so that the
     * query keeps the application's text and placeholders.
     */
    private static Translation.InsertSelect insertSelect(Analysis a) throws SQLException {
        String sql = a.sql();
        List<Token> t = SqlLexer.tokenize(sql);
        int i = 0;
        while (i < t.size() && !t.get(i).isWord("INTO")) {
            i++;
        }
        i++;
        while (i < t.size() && (t.get(i).type() == SqlLexer.Type.QUOTED_IDENTIFIER || t.get(i).isSymbol('.')
                || (t.get(i).type() == SqlLexer.Type.WORD && !t.get(i).isWord("SELECT") && !t.get(i).isWord("WITH")))) {
            i++;
        }
        if (i < t.size() && t.get(i).isSymbol('(') && i + 1 < t.size() && !t.get(i + 1).isWord("SELECT")
                && !t.get(i + 1).isWord("WITH")) {
            int depth = 0;
            do {
                depth += t.get(i).isSymbol('(') ? 1 : t.get(i).isSymbol(')') ? -1 : 0;
                i++;
            } while (i < t.size() && depth > 0);
        }
        if (i >= t.size()) {
            throw new SQLSyntaxErrorException("cannot find the query of this INSERT ... SELECT: " + shorten(sql), SqlStates.SYNTAX_ERROR);
        }
        int params = 0;
        for (int j = 0; j < i; j++) {
            params += t.get(j).type() == SqlLexer.Type.PARAM ? 1 : 0;
        }
        return new Translation.InsertSelect(sql.substring(t.get(i).start()), params, sql.substring(0, t.get(i).start()).trim());
    }

    // ---- CREATE TABLE: generated columns --------------------------------------------------------------------

    private Query createTable(QOM.CreateTable ct, Analysis a, Builder b) throws SQLException {
        String table = key(ct.$table());
        List<TableElement> elements = new ArrayList<>();
        List<GeneratedColumns.Column> columns = new ArrayList<>();
        Map<String, Long> first = new HashMap<>();
        int ordinal = 0;
        for (TableElement e : ct.$tableElements()) {
            if (e instanceof Field<?> f) {
                DataType<?> type = f.getDataType();
                Kind kind = type.identity() ? Kind.IDENTITY : type.defaulted() ? kindOf(type.defaultValue()) : null;
                if (kind != null) {
                    long start = 1;
                    long increment = 1;
                    if (kind == Kind.IDENTITY) {
                        Matcher m = IDENTITY_OPTIONS.matcher(a.sql());
                        if (m.find()) {
                            start = Long.parseLong(m.group(1));
                            increment = m.group(2) == null ? 1 : Long.parseLong(m.group(2));
                        }
                        if (increment == 0) {
                            throw new SQLSyntaxErrorException("identity column " + f.getName() + " has INCREMENT BY 0", SqlStates.SYNTAX_ERROR);
                        }
                    }
                    columns.add(new GeneratedColumns.Column(table, f.getName(), kind, ordinal, type.getSQLType(),
                            kind == Kind.IDENTITY && GENERATED_ALWAYS.matcher(a.sql()).find(), increment));
                    first.put(f.getName(), start);
                    e = DSL.field(DSL.name(f.getName()), withoutGeneration(type, kind));
                }
                ordinal++;
            }
            elements.add(e);
        }
        if (columns.isEmpty()) {
            return ct;
        }
        if (columns.stream().filter(GeneratedColumns.Column::identity).count() > 1) {
            throw new SQLSyntaxErrorException("table " + table + " declares more than one identity column", SqlStates.SYNTAX_ERROR);
        }
        b.created = new Translation.Created(table, columns, first);
        return ct.$tableElements(elements);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static DataType<?> withoutGeneration(DataType<?> type, Kind kind) {
        DataType t = type;
        if (kind == Kind.IDENTITY) {
            return t.identity(false).nullable(false);
        }
        return t.default_((Field) null);
    }

    private static Kind kindOf(Field<?> f) {
        if (f instanceof QOM.CurrentTimestamp<?>) {
            return Kind.TIMESTAMP;
        }
        if (f instanceof QOM.CurrentDate<?>) {
            return Kind.DATE;
        }
        if (f instanceof QOM.CurrentTime<?>) {
            return Kind.TIME;
        }
        if (f instanceof QOM.Rand) {
            return Kind.RANDOM;
        }
        if (f instanceof QOM.Uuid) {
            return Kind.UUID;
        }
        return null;
    }

    /**
     * Rejects DDL declaring a type with a time zone that an engine of the set cannot hold: Derby has neither, and
     * PostgreSQL's {@code timetz} keeps an offset its driver does not report (its {@code timestamptz} is read as the
     * instant, as on the others: see {@link dev.chorus.coordinator.capture.PortableValues#readInstant}).
     */
    private void rejectZonedTypes(Analysis a) throws SQLException {
        List<Token> t = SqlLexer.tokenize(a.sql());
        boolean time = false;
        boolean timestamp = false;
        for (int i = 0; i < t.size(); i++) {
            boolean zone = i + 3 < t.size() && t.get(i + 1).isWord("WITH") && t.get(i + 2).isWord("TIME")
                    && t.get(i + 3).isWord("ZONE");
            time |= t.get(i).isWord("TIMETZ") || zone && t.get(i).isWord("TIME");
            timestamp |= t.get(i).isWord("TIMESTAMPTZ") || zone && t.get(i).isWord("TIMESTAMP");
        }
        if ((time || timestamp) && engines.contains(Engine.DERBY)) {
            throw unsupported(a, "Derby has no " + (time ? "TIME" : "TIMESTAMP") + " WITH TIME ZONE type");
        }
        if (time && engines.contains(Engine.POSTGRESQL)) {
            throw unsupported(a, "PostgreSQL's TIME WITH TIME ZONE (timetz) is not supported by Chorus");
        }
    }

    private static boolean mentionsIdentity(String sql) {
        for (Token t : SqlLexer.tokenize(sql)) {
            if (t.isWord("IDENTITY") || t.isWord("AUTO_INCREMENT") || t.isWord("SERIAL") || t.isWord("BIGSERIAL")) {
                return true;
            }
        }
        return false;
    }

    // ---- assignments to DECIMAL columns ---------------------------------------------------------------------

    /**
     * H2 rounds a value assigned to a DECIMAL(p, s) column half up to s places; Derby and HSQLDB truncate. Values
     * of INSERT ... VALUES and UPDATE ... SET with more places (literals, expressions of known type) are rounded
     * by the rendering for those engines; parameters by the coordinator before binding, for every engine alike.
     */
    private void decimalAssignments(Query q, Builder b) {
        if (q instanceof QOM.Insert<?> ins && ins.$select() == null) {
            SchemaCatalog.TableInfo t = schema.table(nameParts(ins.$into()));
            if (t == null) {
                return;
            }
            List<? extends Field<?>> columns = ins.$columns();
            boolean positional = columns.stream().allMatch(f -> UNKNOWN_FIELD.matcher(f.getName()).matches());
            for (Row r : ins.$values()) {
                Field<?>[] values = r.fields();
                for (int i = 0; i < values.length; i++) {
                    SchemaCatalog.ColumnInfo c = positional ? (i < t.columns().size() ? t.columns().get(i) : null)
                            : i < columns.size() ? t.column(columns.get(i).getName()) : null;
                    decimalAssignment(c, values[i], b);
                }
            }
        } else if (q instanceof QOM.Update<?> u) {
            Table<?> target = u.$table() instanceof QOM.TableAlias<?> alias ? alias.$table() : u.$table();
            SchemaCatalog.TableInfo t = schema.table(nameParts(target));
            if (t == null) {
                return;
            }
            u.$set().forEach((k, v) -> {
                if (k instanceof Field<?> f && v instanceof Field<?> value) {
                    decimalAssignment(t.column(f.getName()), value, b);
                }
            });
        }
    }

    private static void decimalAssignment(SchemaCatalog.ColumnInfo c, Field<?> value, Builder b) {
        if (c == null || !"DECIMAL".equals(c.type())) {
            return;
        }
        if (value instanceof Param<?> p && !p.isInline() && p.getParamName() != null
                && p.getParamName().startsWith(Placeholders.CLIENT_PREFIX)) {
            b.paramScales.put(Integer.parseInt(p.getParamName().substring(Placeholders.CLIENT_PREFIX.length())), c.scale());
            return;
        }
        NumericSemantics.NumType t = NumericSemantics.typeOf(value);
        if (t != null && t.kind() == NumericSemantics.NumType.Kind.DECIMAL && t.scale() > c.scale()) {
            b.decimalTargets.put(value, SQLDataType.DECIMAL(c.precision(), c.scale()));
        }
    }

    private static String[] nameParts(Table<?> t) {
        return t.getQualifiedName().getName();
    }

    // ---- SELECT ---------------------------------------------------------------------------------------------

    /**
     * A LIMIT or OFFSET placeholder without a value makes jOOQ drop the clause for Derby and HSQLDB (it renders
     * {@code where false}); with a value it renders a placeholder, which is what we want.
     */
    private static void bindPagingPlaceholders(Select<?> s) {
        for (Field<?> f : new Field<?>[] {s.$limit(), s.$offset()}) {
            if (f instanceof Param<?> p && p.getParamName() != null && p.getValue() == null) {
                ((Query) s).bind(p.getParamName(), 1);
            }
        }
    }

    // ---- rendering ------------------------------------------------------------------------------------------

    /**
     * Renders a statement for an engine.
     *
     * @param allParameters whether every one of the application's parameters must appear (the statement itself);
     *                      Chorus's own reads around it (capture) use some of them
     */
    private Rendered render(Query q, Engine e, Analysis a, Builder b, boolean allParameters) throws SQLException {
        SQLDialect target = dialectOf(e, dialect);
        Settings settings = new Settings().withRenderQuotedNames(RenderQuotedNames.ALWAYS)
                .withRenderNameCase(target.family() == SQLDialect.POSTGRES ? RenderNameCase.LOWER : RenderNameCase.AS_IS)
                .withRenderFormatted(false);
        Rewriter rewriter = new Rewriter(dialect, e, b, q instanceof DDLQuery);
        Configuration c = new DefaultConfiguration().set(target).set(settings).set(new DefaultVisitListenerProvider(rewriter));
        String text;
        try {
            text = DSL.using(c).renderNamedParams(q);
        } catch (RuntimeException ex) {
            throw unsupported(a, "jOOQ cannot render it for " + e.displayName() + " (" + firstLine(ex.getMessage()) + ")");
        }
        String error = Placeholders.renderError(text);
        if (error != null) {
            throw unsupported(a, "it cannot be translated for " + e.displayName() + ": " + error);
        }
        if (rewriter.rejection != null) {
            throw unsupported(a, rewriter.rejection);
        }
        Placeholders.Unnamed u = Placeholders.unname(text);
        int[] binds = new int[u.names().size()];
        boolean[] seen = new boolean[a.parameterCount()];
        for (int i = 0; i < binds.length; i++) {
            String name = u.names().get(i);
            int slot = name == null ? -1 : b.slotIndex(name);
            if (name != null && name.startsWith(Placeholders.CLIENT_PREFIX) && slot < 0) {
                int k = Integer.parseInt(name.substring(Placeholders.CLIENT_PREFIX.length()));
                binds[i] = k;
                seen[k] = true;
            } else if (slot >= 0) {
                binds[i] = -1 - slot;
            } else {
                throw unsupported(a, "jOOQ added a parameter of its own for " + e.displayName());
            }
        }
        for (int k = 0; k < seen.length && allParameters; k++) {
            if (!seen[k]) {
                throw unsupported(a, "parameter " + (k + 1) + " cannot be sent to " + e.displayName()
                        + " as a placeholder in this position");
            }
        }
        return new Rendered(u.sql(), binds, guard(q, e));
    }

    /** IF [NOT] EXISTS that jOOQ drops for Derby, done by Chorus instead. */
    private static Translation.Guard guard(Query q, Engine e) {
        if (e != Engine.DERBY) {
            return null;
        }
        if (q instanceof QOM.DropTable d && d.$ifExists()) {
            return guardOf(d.$table(), true);
        }
        if (q instanceof QOM.CreateTable c && c.$ifNotExists()) {
            return guardOf(c.$table(), false);
        }
        if (q instanceof QOM.DropView d && d.$ifExists()) {
            return guardOf(d.$view(), true);
        }
        if (q instanceof QOM.CreateView<?> c && c.$ifNotExists()) {
            return guardOf(c.$view(), false);
        }
        return null;
    }

    private static Translation.Guard guardOf(Table<?> t, boolean mustExist) {
        String[] parts = t.getQualifiedName().getName();
        return new Translation.Guard(parts.length > 1 ? parts[parts.length - 2] : null, parts[parts.length - 1], mustExist);
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    /** The catalog key of a table as the application named it. */
    static String key(Table<?> t) {
        Name n = t.getQualifiedName();
        return GeneratedColumns.key(n.getName());
    }

    private static SQLFeatureNotSupportedException unsupported(Analysis a, String why) {
        return new SQLFeatureNotSupportedException("Chorus cannot run this statement on every replica: " + why + ": "
                + shorten(a.sql()), SqlStates.FEATURE_NOT_SUPPORTED);
    }

    static String shorten(String sql) {
        String s = sql.strip();
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
