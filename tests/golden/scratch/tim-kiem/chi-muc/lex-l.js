CongkhaiSearch.load("lex:l",[["lam",1],["le",1],["luat",1],["luc",2]]);
