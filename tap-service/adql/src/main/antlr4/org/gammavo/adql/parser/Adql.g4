/*
 * ADQL 2.1 (and 2.0) grammar, derived from the BNF of the ADQL 2.1 Recommendation.
 * It accepts a superset: version rules (2.0 vs 2.1), reserved words as identifiers, function
 * names/arities and "a bare value is not a condition" are enforced by AstBuilder so that the
 * error messages can be specific. Function calls are generic (name '(' args ')') for the same reason.
 */
grammar Adql;

options { caseInsensitive = true; }

// ---------------------------------------------------------------- statements
statement      : withClause? queryExpr EOF ;
withClause     : WITH withQuery (',' withQuery)* ;
withQuery      : identifier ('(' identifier (',' identifier)* ')')? AS '(' queryExpr ')' ;

// set operators: INTERSECT binds tighter than UNION/EXCEPT (SQL-92 §7.10)
queryExpr      : queryTerm (setOp=(UNION | EXCEPT) ALL? queryTerm)* ;
queryTerm      : queryPrimary (INTERSECT ALL? queryPrimary)* ;
queryPrimary   : select | '(' queryExpr ')' ;

select         : SELECT quantifier=(ALL | DISTINCT)? (TOP top=INTEGER)? selectList
                 FROM fromItem (',' fromItem)*
                 (WHERE where=condition)?
                 (GROUP BY groupBy+=expr (',' groupBy+=expr)*)?
                 (HAVING having=condition)?
                 (ORDER BY orderItem (',' orderItem)*)?
                 (OFFSET offset=INTEGER)? ;

// '*' mixed with other items is not in the BNF but is common usage (lyonetia X1) and valid SQL
selectList     : selectItem (',' selectItem)* ;
selectItem     : '*'                                       # star
               | qualifiedName '.' '*'                     # qualifiedStar
               | expr (AS? identifier)?                    # derivedColumn
               ;
orderItem      : expr dir=(ASC | DESC)? ;

// ---------------------------------------------------------------- FROM
// <join_specification> is optional in the ADQL 2.0 and 2.1 BNF (<qualified_join>); without one, a join is
// a cross join (for OUTER joins: ON TRUE, see README). A specification belongs to the nearest JOIN before it.
fromItem       : fromItem CROSS JOIN fromPrimary                                              # crossJoin
               | fromItem NATURAL joinType? JOIN fromPrimary                                  # naturalJoin
               | fromItem joinType? JOIN fromPrimary joinSpec?                                # qualifiedJoin
               | fromPrimary                                                                  # primaryFrom
               ;
joinType       : INNER | kind=(LEFT | RIGHT | FULL) OUTER? ;
joinSpec       : ON condition | USING '(' identifier (',' identifier)* ')' ;
fromPrimary    : qualifiedName (AS? identifier)?                   # tableRef
               | '(' queryExpr ')' AS? identifier                  # derivedTable
               | '(' fromItem ')'                                  # parenFrom
               ;

// ---------------------------------------------------------------- conditions
// first alternative binds tightest: NOT > AND > OR
condition      : NOT condition                                         # notCond
               | condition AND condition                               # andCond
               | condition OR condition                                # orCond
               | predicate                                             # predCond
               ;
predicate      : expr compOp expr                                      # comparison
               | expr NOT? BETWEEN expr AND expr                       # between
               | expr NOT? IN '(' queryExpr ')'                        # inSubquery
               | expr NOT? IN '(' expr (',' expr)* ')'                 # inList
               | expr NOT? op=(LIKE | ILIKE) expr (ESCAPE expr)?       # like
               | expr IS NOT? NULL                                     # isNull
               | EXISTS '(' queryExpr ')'                              # exists
               | '(' condition ')'                                     # parenCond
               | expr                                                  # boolValue
               ;
compOp         : '=' | '<>' | '!=' | '<' | '<=' | '>' | '>=' ;

// ---------------------------------------------------------------- value expressions
// Precedence follows PostgreSQL so the translated SQL means the same as the ADQL tree.
expr           : op=('+' | '-' | '~') expr                             # unary
               | expr op=('*' | '/') expr                              # binary
               | expr op=('+' | '-') expr                              # binary
               | expr op='||' expr                                     # binary
               | expr op=('&' | '|' | '^') expr                        # binary
               | primary                                               # primaryExpr
               ;
primary        : literal                                               # literalExpr
               | CAST '(' expr AS castType ')'                         # cast
               | CASE operand=expr simpleWhen+ (ELSE elseExpr=expr)? END   # simpleCase
               | CASE caseWhen+ (ELSE elseExpr=expr)? END                  # searchedCase
               | name=identifier '(' '*' ')'                           # countStar
               | name=identifier '(' quant=(DISTINCT | ALL)? (expr (',' expr)*)? ')'  # call
               | qualifiedName                                         # columnRef
               | '(' queryExpr ')'                                     # scalarSubquery
               | '(' expr ')'                                          # parenExpr
               ;
caseWhen       : WHEN condition THEN expr ;
simpleWhen     : WHEN expr THEN expr ;
castType       : identifier identifier? ('(' length=INTEGER ')')? ;

literal        : INTEGER | DECIMAL | REAL | HEX | STRING | NULL | TRUE | FALSE ;

qualifiedName  : identifier ('.' identifier)* ;
identifier     : ID | DELIMITED_ID ;

// ---------------------------------------------------------------- lexer
SELECT: 'SELECT'; FROM: 'FROM'; WHERE: 'WHERE'; GROUP: 'GROUP'; BY: 'BY'; HAVING: 'HAVING';
ORDER: 'ORDER'; ASC: 'ASC'; DESC: 'DESC'; OFFSET: 'OFFSET'; TOP: 'TOP'; DISTINCT: 'DISTINCT';
ALL: 'ALL'; AS: 'AS'; JOIN: 'JOIN'; NATURAL: 'NATURAL'; INNER: 'INNER'; LEFT: 'LEFT';
RIGHT: 'RIGHT'; FULL: 'FULL'; OUTER: 'OUTER'; CROSS: 'CROSS'; ON: 'ON'; USING: 'USING';
AND: 'AND'; OR: 'OR'; NOT: 'NOT'; BETWEEN: 'BETWEEN'; LIKE: 'LIKE'; ILIKE: 'ILIKE';
ESCAPE: 'ESCAPE'; IN: 'IN'; IS: 'IS'; NULL: 'NULL'; EXISTS: 'EXISTS'; CASE: 'CASE';
WHEN: 'WHEN'; THEN: 'THEN'; ELSE: 'ELSE'; END: 'END'; CAST: 'CAST'; UNION: 'UNION';
INTERSECT: 'INTERSECT'; EXCEPT: 'EXCEPT'; WITH: 'WITH'; TRUE: 'TRUE'; FALSE: 'FALSE';

HEX            : '0X' [0-9A-F]+ ;
REAL           : (DIGITS ('.' DIGITS?)? | '.' DIGITS) 'E' [+-]? DIGITS ;
DECIMAL        : DIGITS '.' DIGITS? | '.' DIGITS ;
INTEGER        : DIGITS ;
fragment DIGITS: [0-9]+ ;
// SQL-92 / ADQL 2.0 <character_string_literal>: parts separated by white space or comments are one literal
// ('qua' -- comment<newline> 'tsch' is 'quatsch'). At least one separator: '' right after a part is a quote.
STRING         : STRING_PART (STRING_SEP+ STRING_PART)* ;
fragment STRING_PART : '\'' ('\'\'' | ~'\'')* '\'' ;
// a comment runs to its end of line (else a quote inside the comment could start a part)
fragment STRING_SEP  : [ \t\r\n\f\u000B] | '--' ~[\r\n]* [\r\n] ;
ID             : [A-Z] [A-Z0-9_]* ;
DELIMITED_ID   : '"' ('""' | ~'"')+ '"' ;

EQ: '='; NE: '<>'; NE2: '!='; LT: '<'; LE: '<='; GT: '>'; GE: '>=';
PLUS: '+'; MINUS: '-'; STAR: '*'; SLASH: '/'; CONCAT: '||'; AMP: '&'; PIPE: '|'; CARET: '^';
TILDE: '~'; LPAREN: '('; RPAREN: ')'; COMMA: ','; DOT: '.';

COMMENT        : '--' ~[\r\n]* -> skip ;
WS             : [ \t\r\n\f\u000B]+ -> skip ;
// Any other character is reported by the lexer error listener as a syntax error.
