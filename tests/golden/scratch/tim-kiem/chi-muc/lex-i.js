CongkhaiSearch.load("lex:i",[["i",1]]);
