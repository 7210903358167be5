CongkhaiSearch.load("lex:e",[["example",1]]);
