CongkhaiSearch.load("lex:8",[["815",1]]);
