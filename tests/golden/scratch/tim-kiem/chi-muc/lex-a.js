CongkhaiSearch.load("lex:a",[["anh",1]]);
