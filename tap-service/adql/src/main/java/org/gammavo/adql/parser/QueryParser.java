package org.gammavo.adql.parser;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.gammavo.adql.AdqlException;
import org.gammavo.adql.AdqlVersion;
import org.gammavo.adql.meta.UserFunction;
import org.gammavo.adql.tree.Statement;

/**
 * ADQL text to tree. Thread-safe; one instance per set of user-defined functions.
 * Parsing is two-stage (SLL, then full LL only if SLL fails) which is the fast path for ANTLR.
 */
public final class QueryParser {
    private final Map<String, UserFunction> udfs = new HashMap<>();

    public QueryParser(Collection<UserFunction> userFunctions) {
        for (UserFunction f : userFunctions) udfs.put(f.key(), f);
    }

    /** Parses one ADQL query. */
    public Statement parse(String adql, AdqlVersion version) throws AdqlException {
        if (adql == null || adql.isBlank()) throw new AdqlException("the query is empty", 0, 0);
        int nul = adql.indexOf('\0');
        if (nul >= 0) {   // PostgreSQL text cannot hold NUL; refuse it anywhere (found by the fuzzer)
            int line = 1, col = 1;
            for (int i = 0; i < nul; i++) { if (adql.charAt(i) == '\n') { line++; col = 1; } else col++; }
            throw new AdqlException("the query contains a NUL character", line, col);
        }
        try {
            AdqlParser.StatementContext tree = parseTree(adql);
            return new AstBuilder(version, udfs).statement(tree);
        } catch (AstBuilder.Fail f) {
            throw f.error;
        } catch (StackOverflowError e) {
            throw new AdqlException("the query is nested too deeply", 0, 0);
        }
    }

    private static AdqlParser.StatementContext parseTree(String adql) {
        AdqlLexer lexer = new AdqlLexer(CharStreams.fromString(adql));
        lexer.removeErrorListeners();
        lexer.addErrorListener(THROWER);
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        checkNesting(tokens);
        AdqlParser parser = new AdqlParser(tokens);
        parser.removeErrorListeners();
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        try {
            return parser.statement();
        } catch (ParseCancellationException e) {
            tokens.seek(0);
            parser.reset();
            parser.addErrorListener(THROWER);
            parser.setErrorHandler(new DefaultErrorStrategy());
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            return parser.statement();
        }
    }

    /**
     * Deeper nesting than any real query makes ANTLR's prediction cost grow quickly and the parser, checker and
     * translator recurse once per level: refuse it up front with a clear message (rather than a stack overflow).
     * Lists and operator chains are not nesting: they are built in loops and may be long.
     */
    public static final int MAX_NESTING = 64;

    private static void checkNesting(CommonTokenStream tokens) {
        int depth = 0, cases = 0, prefix = 0;
        Token previous = null;
        for (Token t : tokens.getTokens()) {
            // SQL-92 §5.2: a <nondelimiter token> (number, name, keyword) must be followed by a separator or a
            // delimiter, so 89x is no number followed by the alias x. A keyword right after a number (ORDER BY 2desc,
            // 5AND) is still accepted, as the lyonetia whitespace set expects.
            if (previous != null && t.getType() == AdqlParser.ID && t.getStartIndex() == previous.getStopIndex() + 1
                    && isNumber(previous.getType()))
                throw new AstBuilder.Fail(new AdqlException("'" + previous.getText() + t.getText()
                        + "' is not a number: separate the number from the name after it (" + previous.getText() + " AS "
                        + t.getText() + ")", previous.getLine(), previous.getCharPositionInLine() + 1));
            previous = t;
            switch (t.getType()) {
                case AdqlParser.LPAREN -> { if (++depth > MAX_NESTING) throw tooDeep(t, "levels of parentheses"); }
                case AdqlParser.RPAREN -> depth--;
                case AdqlParser.CASE -> { if (++cases > MAX_NESTING) throw tooDeep(t, "nested CASE expressions"); }
                case AdqlParser.END -> cases--;
                default -> { }
            }
            // NOT NOT ... x and - - ... x nest without parentheses
            boolean prefixOp = switch (t.getType()) {
                case AdqlParser.NOT, AdqlParser.MINUS, AdqlParser.PLUS, AdqlParser.TILDE -> true;
                default -> false;
            };
            prefix = prefixOp ? prefix + 1 : 0;
            if (prefix > MAX_NESTING) throw tooDeep(t, "operators in a row");
        }
    }

    private static boolean isNumber(int type) {
        return type == AdqlParser.INTEGER || type == AdqlParser.DECIMAL || type == AdqlParser.REAL || type == AdqlParser.HEX;
    }

    private static AstBuilder.Fail tooDeep(Token t, String what) {
        return new AstBuilder.Fail(new AdqlException("the query is nested too deeply (more than " + MAX_NESTING + " " + what + ")",
                t.getLine(), t.getCharPositionInLine() + 1));
    }

    private static final BaseErrorListener THROWER = new BaseErrorListener() {
        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int col, String msg,
                                RecognitionException e) {
            String where = offending instanceof Token t
                    ? (t.getType() == Token.EOF ? "at the end of the query" : "at '" + t.getText() + "'")
                    : null;
            String text;
            if (where == null) text = "syntax error: " + msg.replace("token recognition error at:", "unexpected character");
            else if (msg.startsWith("missing ")) text = "syntax error " + where + ": " + (msg.lastIndexOf(" at ") > 0 ? msg.substring(0, msg.lastIndexOf(" at ")) : msg).replace("<EOF>", "end of query");
            else {
                text = "syntax error " + where;
                int i = msg.indexOf("expecting ");
                if (i >= 0 && msg.length() - i < 100) text += " (expected " + msg.substring(i + 10).replace("<EOF>", "end of query") + ")";
            }
            throw new AstBuilder.Fail(new AdqlException(text, line, col + 1));
        }
    };
}
