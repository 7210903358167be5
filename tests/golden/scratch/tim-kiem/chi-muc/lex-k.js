CongkhaiSearch.load("lex:k",[["ke",1],["kh",1],["khai",5],["khi",1],["ki",4],["kiem",1],["kien",1]]);
