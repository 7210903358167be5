CongkhaiSearch.load("lex:6",[["60",1],["656",1]]);
