CongkhaiSearch.load("lex:y",[["yet",1]]);
