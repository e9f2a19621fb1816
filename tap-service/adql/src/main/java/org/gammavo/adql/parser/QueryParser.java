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

    private static final BaseErrorListener THROWER = new BaseErrorListener() {
        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int col, String msg,
                                RecognitionException e) {
            String text;
            if (offending instanceof Token t) {
                text = t.getType() == Token.EOF ? "syntax error: unexpected end of query"
                        : "syntax error at '" + t.getText() + "'";
            } else {
                text = "syntax error: " + msg.replace("token recognition error at:", "unexpected character");
            }
            String detail = msg.startsWith("missing") || msg.startsWith("extraneous") || msg.startsWith("mismatched")
                    ? shorten(msg) : null;
            throw new AstBuilder.Fail(new AdqlException(detail == null ? text : text + " (" + detail + ")", line, col + 1));
        }
    };

    private static String shorten(String antlrMessage) {
        int i = antlrMessage.indexOf("expecting {");
        if (i >= 0) {
            String set = antlrMessage.substring(i);
            if (set.length() > 120) return antlrMessage.substring(0, i).trim();
        }
        return antlrMessage;
    }
}
